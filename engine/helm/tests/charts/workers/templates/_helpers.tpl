{{- define "workers.fullname" -}}
{{- $name := regexReplaceAll "[^a-z0-9-]+" (lower .name) "-" -}}
{{- printf "%s-%s" .ctx.Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "workers.labels" -}}
app.kubernetes.io/name: {{ .ctx.Chart.Name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .name }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | trimPrefix "v" | quote }}
{{- end -}}

{{- define "workers.image" -}}
{{- $image := .ctx.Values.image -}}
{{- $registry := coalesce (dig "image" "registry" "" .ctx.Values.global) $image.registry "docker.io" -}}
{{- printf "%s/%s:%s" $registry $image.repository ($image.tag | default .ctx.Chart.AppVersion) -}}
{{- end -}}

{{/* Env from a map: strings as they are, maps as valueFrom, anything else as a quoted string. */}}
{{- define "workers.env" -}}
{{- range $key, $value := . }}
- name: {{ $key | upper | replace "-" "_" }}
{{- if kindIs "map" $value }}
  valueFrom:
    {{- toYaml $value | nindent 4 }}
{{- else }}
  value: {{ ternary $value (toString $value) (kindIs "string" $value) | quote }}
{{- end }}
{{- end }}
{{- end -}}
