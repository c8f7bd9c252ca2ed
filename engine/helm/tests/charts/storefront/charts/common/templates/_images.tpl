{{/* (dict "image" .Values.image "global" .Values.global "ctx" $): registry/repository:tag or @digest. */}}
{{- define "common.images.image" -}}
{{- $registry := .image.registry -}}
{{- if and .global .global.imageRegistry -}}
{{- $registry = .global.imageRegistry -}}
{{- end -}}
{{- $tag := .image.tag | default .ctx.Chart.AppVersion | toString -}}
{{- $reference := ternary (printf "@%s" .image.digest) (printf ":%s" $tag) (not (empty .image.digest)) -}}
{{- if $registry -}}
{{- printf "%s/%s%s" $registry .image.repository $reference -}}
{{- else -}}
{{- printf "%s%s" .image.repository $reference -}}
{{- end -}}
{{- end -}}

{{/* imagePullSecrets from the global list and the chart's, names or {name: x} maps, without duplicates. */}}
{{- define "common.images.pullSecrets" -}}
{{- $names := list -}}
{{- $global := dict -}}
{{- if .ctx.Values.global -}}{{- $global = .ctx.Values.global -}}{{- end -}}
{{- range concat ($global.imagePullSecrets | default list) (.secrets | default list) -}}
{{- if kindIs "map" . -}}
{{- $names = append $names .name -}}
{{- else -}}
{{- $names = append $names . -}}
{{- end -}}
{{- end -}}
{{- if $names }}
imagePullSecrets:
{{- range $names | uniq }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}
