# A small module: an encrypted bucket, its key, and the policy that reads it.
terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

locals {
  name = "logs-${var.region}"
  tags = {
    team = "platform"
  }
}

resource "aws_kms_key" "main" {
  description         = "bucket key"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "logs" {
  provider = aws.west
  bucket   = local.name
  tags     = local.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.main.arn
    }
  }
}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.logs.arn}/*"]
  }
}

module "audit" {
  source = "./audit"
  bucket = aws_s3_bucket.logs.id
  providers = {
    aws = aws.west
  }
}

output "bucket_arn" {
  value = aws_s3_bucket.logs.arn
}
