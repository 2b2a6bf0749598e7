;; Instance imports (with and without declared exports) and func imports.
(component
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (export "now" (func (result u64)))
    (export "resolution" (func (result u64)))))
  (import "wasi:random/random@0.2.0" (instance
    (export "get-random-u64" (func (result u64)))))
  (import "config" (instance))
  (import "log" (func (param "msg" string)))
  (import "get-time" (func (result u64)))
  (import "add" (func (param "a" s32) (param "b" s32) (result s32))))
