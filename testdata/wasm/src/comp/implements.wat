;; Imports in the 0x02 name form: a plain name followed by attributes.
;; `implements` gives the real interface behind a plain-named import.
(component
  (import "primary" (implements "wasi:keyvalue/store") (instance))
  (import "secondary" (implements "wasi:keyvalue/store@0.2.0-draft") (instance))
  (import "wasi:keyvalue/store@0.2.0-draft" (instance)))
