{{- /* A CronJob from (dict "root" $ "name" NAME "job" JOB); the job's fields override the root's. */ -}}
{{- define "toolkit.cronjob" -}}
{{- $root := .root -}}
{{- $defaults := dict "schedule" $root.Values.schedule "suspend" false "image" $root.Values.toolkit.defaultImage -}}
{{- $job := merge (deepCopy .job) $defaults -}}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {{ printf "%s-%s" $root.Release.Name .name | trunc 52 }}
  labels:
    {{- include "toolkit.labels" $root | nindent 4 }}
spec:
  schedule: {{ $job.schedule | quote }}
  suspend: {{ $job.suspend }}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: {{ .name }}
              image: {{ $job.image }}
              command: {{ toJson $job.command }}
{{- end -}}
