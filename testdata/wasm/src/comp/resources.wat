;; Type imports: resources (`(sub resource)`), an `(eq ...)` type import,
;; and an instance import that exports resource types and methods.
(component
  (import "bucket" (type $bucket (sub resource)))
  (import "blob" (type (sub resource)))
  (import "bucket-alias" (type (eq $bucket)))
  (import "wasi:keyvalue/store@0.2.0-draft" (instance $store
    (export "bucket" (type $b (sub resource)))
    (export "error" (type (sub resource)))
    (export "open" (func (param "name" string) (result (own $b))))
    (export "[method]bucket.get" (func (param "self" (borrow $b)) (param "key" string)
                                       (result (option (list u8))))))))
