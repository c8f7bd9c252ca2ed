{{/* Shared by the subcharts too: named templates are global across a chart and its subcharts. */}}
{{- define "gateway.labels" -}}
app.kubernetes.io/part-of: gateway-stack
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version }}
{{- end -}}
