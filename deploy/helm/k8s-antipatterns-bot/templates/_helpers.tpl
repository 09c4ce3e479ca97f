{{/* Names, labels and checks shared by the templates. */}}

{{- define "k8s-antipatterns-bot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's full name; the release name alone when it already contains the chart name. */}}
{{- define "k8s-antipatterns-bot.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "k8s-antipatterns-bot.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "k8s-antipatterns-bot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "k8s-antipatterns-bot.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "k8s-antipatterns-bot.labels" -}}
helm.sh/chart: {{ include "k8s-antipatterns-bot.chart" . }}
{{ include "k8s-antipatterns-bot.selectorLabels" . }}
app.kubernetes.io/version: {{ (.Values.image.tag | default .Chart.AppVersion) | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "k8s-antipatterns-bot.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "k8s-antipatterns-bot.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository:tag, or repository@digest; never a missing or "latest" tag. */}}
{{- define "k8s-antipatterns-bot.image" -}}
{{- $repository := required "image.repository is required" .Values.image.repository -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repository .Values.image.digest -}}
{{- else -}}
{{- $tag := toString (.Values.image.tag | default .Chart.AppVersion) -}}
{{- if eq $tag "latest" -}}
{{- fail "image.tag must not be \"latest\": set a release or commit tag, or image.digest" -}}
{{- end -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{/* "true" when the app gets a Redis URL (a durable queue that replicas share). */}}
{{- define "k8s-antipatterns-bot.redisEnabled" -}}
{{- if .Values.redis.existingSecretKey -}}true{{- end -}}
{{- end -}}

{{/* Refuses settings that would render a broken or unsafe release. */}}
{{- define "k8s-antipatterns-bot.validate" -}}
{{- if not .Values.github.existingSecret -}}
{{- fail "github.existingSecret is required: the name of a Secret holding APP_ID, PRIVATE_KEY and WEBHOOK_SECRET (see the chart's README)" -}}
{{- end -}}
{{- if and (gt (int .Values.replicaCount) 1) (not (include "k8s-antipatterns-bot.redisEnabled" .)) -}}
{{- fail "replicaCount > 1 needs Redis: set redis.existingSecretKey to the Secret key holding REDIS_URL. Without Redis each pod has its own in-memory queue and locks, and two pods could review the same pull request at once." -}}
{{- end -}}
{{- $drain := add (int .Values.preStopSleepSeconds) (int .Values.app.shutdownTimeoutSeconds) -}}
{{- if le (int .Values.terminationGracePeriodSeconds) (int $drain) -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed preStopSleepSeconds + app.shutdownTimeoutSeconds (%d), or the app is killed in the middle of its drain" (int .Values.terminationGracePeriodSeconds) (int $drain)) -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.hosts) -}}
{{- fail "ingress.hosts needs at least one host when the Ingress is enabled" -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.tls) (not .Values.ingress.allowWithoutTls) -}}
{{- fail "ingress.tls is required when the Ingress is enabled (webhook payloads carry source code); set ingress.allowWithoutTls only when TLS ends in front of the Ingress" -}}
{{- end -}}
{{- end -}}
