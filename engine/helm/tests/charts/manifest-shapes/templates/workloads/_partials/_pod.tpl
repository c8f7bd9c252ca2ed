{{- define "shapes.pod" -}}
containers:
  - name: {{ .name }}
    image: busybox:1.36
{{- end -}}
