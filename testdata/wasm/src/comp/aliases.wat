;; Aliases: instance-export aliases of imported instances, core-export
;; aliases of a core instance, and an outer alias inside a nested component.
;; The exports re-export aliased items.
(component $root
  (type $unit-fn (func))
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-arguments" (func (result (list string))))))
  (import "host" (instance $host
    (export "ticker" (type (sub resource)))
    (export "tick" (func))))
  (alias export $env "get-arguments" (func $args))
  (alias export $host "tick" (func $tick))
  (alias export $host "ticker" (type $ticker))
  (core module $m (func (export "f")))
  (core instance $ci (instantiate $m))
  (alias core export $ci "f" (core func $cf))
  (component $nested
    (alias outer $root $unit-fn (type $t))
    (import "nested-f" (func (type $t))))
  (export "args" (func $args))
  (export "tick" (func $tick))
  (export "ticker" (type $ticker))
  (export "nested" (component $nested)))
