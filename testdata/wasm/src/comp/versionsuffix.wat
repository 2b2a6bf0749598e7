;; The canonical-interface-name form: the name carries only the canonical
;; version (`@0.2`) and the rest of the semver is in a `versionsuffix`
;; attribute (0x02 name form, attribute 0x01). Full version: 0.2.6.
(component
  (import "wasi:http/types@0.2" (versionsuffix ".6") (instance))
  (import "wasi:http/outgoing-handler@0.2" (versionsuffix ".6") (instance))
  (import "wasi:io/streams@0.2.6" (instance)))
