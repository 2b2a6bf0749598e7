;; A core module importing every import kind (func, table, memory, global,
;; tag) and exporting several items of every kind. Needs
;; `wat2wasm --enable-all` for tags (exception handling) and the shared
;; memory. There is one memory only (the imported one, exported under two
;; names) so that node 20 (no multi-memory) can cross-check the listing.
(module
  (type $v (func))
  (type $ii (func (param i32) (result i32)))
  (type $tag_t (func (param i32)))

  ;; imports: two of each kind, from several modules
  (import "env" "host_log" (func $host_log (type $v)))
  (import "env" "host_inc" (func $host_inc (type $ii)))
  (import "env" "table" (table $t_in 4 funcref))
  (import "spectest" "table_ext" (table $t_in2 1 16 externref))
  (import "env" "memory" (memory $m_in 1 16 shared))
  (import "env" "global_i32" (global $g_i32 i32))
  (import "env" "global_mut_i64" (global $g_mut (mut i64)))
  (import "env" "global_f64" (global $g_f64 f64))
  (import "js" "global_ref" (global $g_ref (mut externref)))
  (import "env" "exn" (tag $exn_in (type $tag_t)))
  (import "other" "exn2" (tag $exn_in2 (type $v)))

  ;; definitions
  (table $t_own 2 funcref)
  (global $g_own (mut i32) (i32.const 7))
  (global $g_const f32 (f32.const 1.5))
  (tag $exn_own (type $tag_t))
  (tag $exn_own2 (type $v))

  (func $f_add (type $ii) (i32.add (local.get 0) (global.get $g_i32)))
  (func $f_noop (type $v))
  (func $f_throw (type $v) (throw $exn_own (i32.const 1)))

  ;; exports: several of every kind
  (export "add" (func $f_add))
  (export "noop" (func $f_noop))
  (export "throw" (func $f_throw))
  (export "reexport_log" (func $host_log))
  (export "table" (table $t_own))
  (export "imported_table" (table $t_in))
  (export "memory" (memory $m_in))
  (export "imported_memory" (memory $m_in))
  (export "counter" (global $g_own))
  (export "pi_ish" (global $g_const))
  (export "imported_global" (global $g_i32))
  (export "my_exn" (tag $exn_own))
  (export "my_exn2" (tag $exn_own2))
  (export "imported_exn" (tag $exn_in))
)
