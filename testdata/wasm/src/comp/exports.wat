;; Exports of every sort: func, instance, core module, component, type, with
;; and without a type ascription, with plain and interface names.
(component
  (import "log" (func $log (param "msg" string)))
  (import "wasi:http/types@0.2.0" (instance $types
    (export "fields" (type (sub resource)))))
  (alias export $types "fields" (type $fields))
  (core module $m (func (export "run")))
  (component $c)
  (instance $inst (export "log" (func $log)))
  (export "log-again" (func $log))
  (export "typed-log" (func $log) (func (param "msg" string)))
  (export "m" (core module $m))
  (export "c" (component $c))
  (export "fields" (type $fields))
  (export "api" (instance $inst))
  (export "wasmlint:demo/api@0.1.0" (instance $inst)))
