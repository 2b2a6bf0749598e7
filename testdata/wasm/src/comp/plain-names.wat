;; Plain (kebab) names, including acronym fragments and the bracketed
;; resource-function forms [constructor]/[method]/[static].
(component
  (import "log" (func (param "msg" string)))
  (import "get-config" (func (result string)))
  (import "HTTP-client" (instance))
  (import "x509-verify" (func))
  (import "conn" (type $conn (sub resource)))
  (import "[constructor]conn" (func (param "url" string) (result (own $conn))))
  (import "[method]conn.send" (func (param "self" (borrow $conn)) (param "data" (list u8))))
  (import "[static]conn.open-default" (func (result (own $conn)))))
