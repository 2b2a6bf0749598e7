;; The small interface-import component of wasm-binary.md section 3.
;; Parsed three times: jco 1.35 (name prefix 0x00), jco 1.5.0 (0x01 for
;; interface-shaped names) and jco 0.5.4 (legacy 0x0c encoding with URLs).
(component
  (import "wasi:http/outgoing-handler@0.2.0" (instance))
  (import "log" (func))
  (core module $m)
  (export "m" (core module $m)))
