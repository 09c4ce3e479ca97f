# Shop platform: network, EKS cluster, the production database, and the apps on top.
terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-shop-terraform-state"
    key    = "shop/terraform.tfstate"
    region = "eu-west-1"
  }
  required_providers {
    aws  = { source = "hashicorp/aws", version = "~> 5.60" }
    helm = { source = "hashicorp/helm", version = "~> 2.14" }
  }
}

provider "aws" {
  region = var.region
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.9"

  name            = "shop"
  cidr            = "10.20.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  private_subnets = ["10.20.1.0/24", "10.20.2.0/24", "10.20.3.0/24"]
  public_subnets  = ["10.20.101.0/24", "10.20.102.0/24", "10.20.103.0/24"]
}

# One cluster for everything: staging, previews and production.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.20"

  cluster_name    = "shop-eks"
  cluster_version = "1.30"
  vpc_id          = module.vpc.vpc_id
  subnet_ids      = module.vpc.private_subnets

  eks_managed_node_groups = {
    default = {
      instance_types = ["m6i.large"]
      min_size       = 3
      max_size       = 9
      desired_size   = 4
    }
  }
}

resource "aws_db_instance" "shop" {
  identifier        = "shop-prod"
  engine            = "postgres"
  engine_version    = "16.3"
  instance_class    = "db.r6g.large"
  allocated_storage = 100
  username          = "shop"
  password          = var.db_password
}

provider "helm" {
  kubernetes {
    host                   = module.eks.cluster_endpoint
    cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
    }
  }
}

resource "helm_release" "argocd" {
  name             = "argocd"
  repository       = "https://argoproj.github.io/argo-helm"
  chart            = "argo-cd"
  version          = "7.3.11"
  namespace        = "argocd"
  create_namespace = true
}

# The first install of the shop; later releases come from CI (or Argo CD, or deploy.sh).
resource "helm_release" "shop" {
  name      = "shop"
  chart     = "../charts/shop"
  namespace = "shop-prod"
  values    = [file("../charts/shop/values-prod.yaml")]

  set {
    name  = "postgresql.host"
    value = aws_db_instance.shop.address
  }
}
