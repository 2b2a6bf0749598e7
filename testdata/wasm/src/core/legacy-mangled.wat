;; A core module shaped like wit-bindgen output with the *legacy* name
;; mangling (wit-component <= 0.218): import modules are full WIT interface
;; names, fields are `[method]...`/`[resource-drop]...`, world-level imports
;; come from `$root`, exports are `<interface>#<func>`, plus cabi_realloc and
;; an empty-named export. Hand-written; not meant to be run.
(module
  (import "wasi:http/types@0.2.0" "[constructor]fields" (func (result i32)))
  (import "wasi:http/types@0.2.0" "[method]fields.get" (func (param i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.0" "[method]incoming-request.method" (func (param i32 i32)))
  (import "wasi:http/types@0.2.0" "[resource-drop]fields" (func (param i32)))
  (import "wasi:http/types@0.2.0" "[resource-drop]incoming-request" (func (param i32)))
  (import "wasi:http/types@0.2.0" "[static]response-outparam.set" (func (param i32 i32 i32)))
  (import "wasi:http/outgoing-handler@0.2.0" "handle" (func (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.0" "[method]output-stream.blocking-write-and-flush" (func (param i32 i32 i32 i32)))
  (import "wasi:io/error@0.2.0" "[resource-drop]error" (func (param i32)))
  (import "wasi:keyvalue/store@0.2.0-draft" "open" (func (param i32 i32 i32)))
  (import "wasi:random/random" "get-random-u64" (func (result i64)))
  (import "$root" "log" (func (param i32 i32)))
  (import "[export]wasi:http/incoming-handler@0.2.0" "[resource-new]state" (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (func $handle (param i32 i32))
  (func $realloc (param i32 i32 i32 i32) (result i32) (i32.const 0))
  (func $post (param i32))
  (func $init)
  (export "wasi:http/incoming-handler@0.2.0#handle" (func $handle))
  (export "cabi_realloc" (func $realloc))
  (export "cabi_post_wasi:http/incoming-handler@0.2.0#handle" (func $post))
  (export "_initialize" (func $init))
  (export "" (func $init))
)
