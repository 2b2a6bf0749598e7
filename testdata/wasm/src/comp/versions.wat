;; Interface names with all kinds of versions, and without one. Two versions
;; of wasi:io/error are imported side by side.
(component
  (import "wasi:http/outgoing-handler@0.2.0" (instance))
  (import "wasi:keyvalue/store@0.2.0-draft" (instance))
  (import "wasi:random/random" (instance))
  (import "wasi:io/error@0.2.0" (instance))
  (import "wasi:io/error@0.2.1" (instance))
  (import "wasi:http/types@0.2.0-rc-2023-11-10" (instance))
  (import "wasi:cli/environment@1.2.3" (instance))
  (import "wasi:clocks/wall-clock@0.0.1-alpha+build.5" (instance))
  (import "my-org:my-pkg/my-iface@10.20.30" (instance))
  (import "local:demo/api" (instance)))
