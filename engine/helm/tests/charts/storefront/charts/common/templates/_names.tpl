{{/* The release-qualified name, at most 63 characters, overridable. Takes (dict "ctx" $ "comp" "api"). */}}
{{- define "common.names.fullname" -}}
{{- $ctx := .ctx -}}
{{- $base := "" -}}
{{- if $ctx.Values.fullnameOverride -}}
{{- $base = $ctx.Values.fullnameOverride -}}
{{- else -}}
{{- $name := default $ctx.Chart.Name $ctx.Values.nameOverride -}}
{{- if contains $name $ctx.Release.Name -}}
{{- $base = $ctx.Release.Name -}}
{{- else -}}
{{- $base = printf "%s-%s" $ctx.Release.Name $name -}}
{{- end -}}
{{- end -}}
{{- if .comp -}}
{{- printf "%s-%s" $base .comp | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $base | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "common.names.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "common.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}
