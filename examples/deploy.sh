#!/usr/bin/env bash
# Deploys the shop from a laptop, for when CI is red or someone needs a hotfix out now.
# Usage: ./deploy.sh <staging|prod>
set -euo pipefail

ENV="${1:?usage: ./deploy.sh <staging|prod>}"
NAMESPACE="shop-${ENV}"
REGISTRY=ghcr.io/acme-shop

aws eks update-kubeconfig --name shop-eks --region eu-west-1

echo "Building images for ${ENV}..."
docker build -t "${REGISTRY}/api:latest" .
docker push "${REGISTRY}/api:latest"

if [ "$ENV" = "staging" ]; then
  # QA tests the web image tagged staging.
  docker build -t ghcr.io/acme-shop/web:staging web/
  docker push ghcr.io/acme-shop/web:staging
fi

echo "Deploying chart to ${NAMESPACE}..."
helm template shop ./charts/shop -f "charts/shop/values-${ENV}.yaml" \
  | kubectl apply -n "$NAMESPACE" -f -

# Databases and the queue live outside the chart.
kubectl apply -n "$NAMESPACE" -f k8s/

# The worker is not in the chart's release cycle: point it at the newest build.
kubectl -n "$NAMESPACE" set image deployment/fulfilment-worker worker="${REGISTRY}/worker:latest"
kubectl -n "$NAMESPACE" rollout restart deployment/shop-shop-api

sleep 30
kubectl -n "$NAMESPACE" get pods
kubectl -n "$NAMESPACE" logs deployment/shop-shop-api --tail=50
echo "Done. Check https://${ENV}.shop.acme.example"
