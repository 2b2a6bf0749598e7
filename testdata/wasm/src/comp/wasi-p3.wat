;; WASI 0.3 style names: wasi:http/client and an *imported*
;; wasi:http/handler (middleware), plus 0.3-only interfaces; exports
;; wasi:http/handler like a `wasi:http/service`.
(component
  (import "wasi:http/types@0.3.0" (instance))
  (import "wasi:http/client@0.3.0" (instance $client
    (export "send" (func (param "request" u32) (result u32)))))
  (import "wasi:http/handler@0.3.0" (instance $next
    (export "handle" (func (param "request" u32) (result u32)))))
  (import "wasi:clocks/system-clock@0.3.0" (instance))
  (import "wasi:cli/types@0.3.0" (instance))
  (alias export $next "handle" (func $handle))
  (instance $h (export "handle" (func $handle)))
  (export "wasi:http/handler@0.3.0" (instance $h)))
