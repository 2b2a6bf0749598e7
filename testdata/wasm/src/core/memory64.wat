;; A core module importing a 64-bit memory (memory64 proposal: limits flag
;; bit 2, u64 LEB limits) and a table with a maximum; exports both.
(module
  (import "env" "mem64" (memory $m i64 1 65536))
  (import "env" "tab" (table $t 1 10 funcref))
  (export "mem64" (memory $m))
  (export "tab" (table $t))
  (func (export "load") (param i64) (result i32)
    (i32.load (local.get 0)))
)
