package main

import rego.v1

deny contains msg if {
	xs := numbers.range(0, 2000000)
	count(xs) > 0
	msg := "range"
}

deny contains msg if {
	object.subset([1, 2], [])
	msg := "subset"
}

deny contains msg if {
	x := 1 / 0
	msg := sprintf("%v", [x])
}

deny contains msg if {
	some x in null
	msg := x
}

deny contains msg if {
	count({x | some x in numbers.range(1, 100000); x % 7 == 0}) > 3
	msg := "many"
}
----
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  a: b
