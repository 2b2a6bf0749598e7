;; A component that imports wasi:sockets/tcp with the listen method in the
;; instance type (what a TCP server needs); for tcp-listen-outside-service.
(component
  (import "wasi:sockets/tcp@0.2.0" (instance
    (export "[method]tcp-socket.start-listen" (func))
    (export "[method]tcp-socket.accept" (func))))
  (import "wasi:sockets/network@0.2.0" (instance))
  (core module $m)
  (export "m" (core module $m)))
