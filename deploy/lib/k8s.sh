#!/usr/bin/env bash
# deploy/lib/k8s.sh — kubectl for the tests that render deploy/k8s (source after servers.sh).
#
#   k8s_kubectl   exports TALENT_KUBECTL: the one set beforehand, else kubectl on PATH, else Debian's
#                 kubernetes-client, installed with apt (its kubectl 1.20 embeds kustomize v2.0.3, which the
#                 manifests are written for; a newer kubectl renders them the same)

k8s_kubectl() {
  if [[ -n "${TALENT_KUBECTL:-}" ]]; then
    [[ -x "$TALENT_KUBECTL" ]] || _srv_die "TALENT_KUBECTL=$TALENT_KUBECTL is not an executable"
  else
    command -v kubectl >/dev/null || _srv_apt_install kubernetes-client
    TALENT_KUBECTL="$(command -v kubectl)" || _srv_die "no kubectl on PATH after installing Debian's kubernetes-client"
  fi
  export TALENT_KUBECTL
}
