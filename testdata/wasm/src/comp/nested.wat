;; Nested core modules and nested components with imports of their own.
;; Only `wasi:cli/stdout@0.2.0` and `log` are top-level imports; everything
;; the nested definitions import (wasi_snapshot_preview1, wasi:filesystem,
;; wasi:sockets, wasi:http/outgoing-handler, ...) must NOT be listed.
(component $root
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (export "get-stdout" (func (result u32)))))
  (import "log" (func $log (param "msg" string)))

  (core module $inner
    (import "wasi_snapshot_preview1" "fd_write"
      (func (param i32 i32 i32 i32) (result i32)))
    (import "env" "memory" (memory 1))
    (func (export "run")))

  (component $child
    (import "wasi:filesystem/types@0.2.0" (instance))
    (import "wasi:sockets/tcp@0.2.0" (instance))
    (import "child-log" (func (param "msg" string)))
    (core module $deep
      (import "deep" "f" (func))
      (func (export "g")))
    (component $grandchild
      (import "wasi:http/outgoing-handler@0.2.0" (instance))
      (import "secret" (func))
      (export "grand-secret" (func 0)))
    (export "grandchild" (component $grandchild))
    (export "deep" (core module $deep)))

  (export "child" (component $child))
  (export "inner" (core module $inner))
  (export "log" (func $log)))
