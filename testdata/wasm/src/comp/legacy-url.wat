;; Legacy (0x0c era, 2023-02..05) component text: kebab-case names plus a
;; URL string. Parse ONLY with jco 0.5.4; current jco rejects this syntax.
(component
  (import "outgoing-handler" "wasi:http/outgoing-handler" (instance))
  (import "config" "" (instance))
  (import "log" (func $log (param "msg" string)))
  (export "log-out" "https://example.com/log" (func $log)))
