;; A WASI preview1 command-style core module (hand-written).
;; Imports a spread of wasi_snapshot_preview1 functions with their witx
;; signatures, exports memory and _start. Valid input for
;; `jco new --wasi-command`.
(module
  (type $fd_write_t (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (type $fd_write_t)))
  (import "wasi_snapshot_preview1" "environ_get"
    (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $environ_sizes_get (param i32 i32) (result i32)))
  ;; fd dirflags path path_len oflags rights_base rights_inheriting fdflags opened_fd
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "random_get"
    (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept"
    (func $sock_accept (param i32 i32 i32) (result i32)))

  (memory (export "memory") 1)
  (data (i32.const 16) "hello\n")

  (func (export "_start")
    ;; iovec at 0: {ptr=16, len=6}
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))
    (drop (call $environ_sizes_get (i32.const 40) (i32.const 44)))
    (drop (call $random_get (i32.const 48) (i32.const 8)))
    (drop (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 56)))
    (if (i32.eqz (i32.load (i32.const 40)))
      (then (call $proc_exit (i32.const 0))))
    (drop (call $environ_get (i32.const 64) (i32.const 128)))
    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 5)
                           (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0)
                           (i32.const 60)))
    (drop (call $sock_accept (i32.const 3) (i32.const 0) (i32.const 60)))
    (call $proc_exit (i32.const 0)))
)
