
{{- define "storefront.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "common.names.fullname" (dict "ctx" . "comp" "")) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "storefront.secretName" -}}
{{- if .Values.auth.existingSecret -}}
{{- tpl .Values.auth.existingSecret . -}}
{{- else -}}
{{- include "common.names.fullname" (dict "ctx" . "comp" "auth") -}}
{{- end -}}
{{- end -}}

{{/* Pod security context without the chart's own `enabled` switch. */}}
{{- define "storefront.securityContext" -}}
{{- if .enabled -}}
{{- omit . "enabled" | toYaml -}}
{{- end -}}
{{- end -}}
