# Variables of every kind of type, given by defaults, terraform.tfvars, *.auto.tfvars (in
# lexical order, JSON too), TF_VAR_*, -var-file and -var (see plan.args); locals that refer to
# locals defined after them.

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "replicas" {
  type    = number
  default = 1
}

variable "enabled" {
  type    = bool
  default = false
}

variable "zones" {
  type    = list(string)
  default = ["a"]
}

variable "labels" {
  type    = map(string)
  default = {}
}

variable "owners" {
  type    = set(string)
  default = []
}

variable "service" {
  type = object({
    name     = string
    port     = optional(number, 80)
    protocol = optional(string, "http")
    health = optional(object({
      path     = optional(string, "/")
      interval = optional(number, 30)
    }), {})
    tags = optional(map(string))
  })
}

variable "from_env" {
  type    = string
  default = "default"
}

variable "overridden" {
  default = "declared"
}

variable "pair" {
  type    = tuple([string, number])
  default = ["x", 1]
}

variable "untyped" {
  default = { a = [1, 2], b = "text" }
}

locals {
  summary     = "${local.name_prefix}: ${var.replicas} replicas in ${length(local.zone_names)} zones"
  name_prefix = "${var.service.name}-${var.region}"
  zone_names  = [for z in var.zones : "${var.region}${z}"]
  label_keys  = sort(keys(local.all_labels))
  all_labels  = merge({ managed_by = "terraform", region = var.region }, var.labels)
  owner_list  = tolist(var.owners)
  scaled      = var.enabled ? var.replicas * 2 : var.replicas
  mode        = var.replicas > 2 ? "ha" : "single"
}

resource "terraform_data" "service" {
  input = {
    service = var.service
    summary = local.summary
    labels  = local.all_labels
    keys    = local.label_keys
    owners  = local.owner_list
    scaled  = local.scaled
    mode    = local.mode
    env     = var.from_env
    winner  = var.overridden
    pair    = var.pair
    untyped = var.untyped
  }
}

resource "terraform_data" "zone" {
  count = length(local.zone_names)
  input = {
    index = count.index
    zone  = local.zone_names[count.index]
    first = count.index == 0
  }
}

resource "terraform_data" "owner" {
  for_each = var.owners
  input    = "${each.key} owns ${var.service.name}"
}

resource "terraform_data" "label" {
  for_each = local.all_labels
  input    = { key = each.key, value = each.value, upper = upper(each.value) }
}

resource "terraform_data" "health" {
  count = var.enabled ? 1 : 0
  input = var.service.health
}

resource "terraform_data" "nothing" {
  count = var.enabled ? 0 : 1
  input = "disabled"
}

resource "terraform_data" "no_input" {
}
