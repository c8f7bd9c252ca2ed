{{- define "needs.dsn" -}}
postgres://{{ required "A database host is required: set database.host" .Values.database.host }}:{{ .Values.database.port | default 5432 }}
{{- end }}
