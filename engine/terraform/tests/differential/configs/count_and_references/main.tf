# count and for_each over lists, maps, sets and for expressions; references between instances,
# splats over instances, and attributes known only after apply.

terraform {
  required_version = ">= 1.5.0"
}

moved {
  from = terraform_data.old_name
  to   = terraform_data.name
}

variable "subnets" {
  default = {
    public  = { cidr = "10.0.0.0/24", public = true }
    private = { cidr = "10.0.1.0/24", public = false }
  }
}

variable "names" {
  default = ["web", "api", "worker"]
}

variable "enabled" {
  default = true
}

resource "terraform_data" "name" {
  count = length(var.names)
  input = "${var.names[count.index]}-${count.index}"
}

resource "terraform_data" "chained" {
  count = length(terraform_data.name)
  input = terraform_data.name[count.index].input
}

resource "terraform_data" "subnet" {
  for_each = var.subnets
  input = {
    cidr   = each.value.cidr
    public = each.value.public
    host   = cidrhost(each.value.cidr, 10)
    after  = terraform_data.name[0].output
  }
}

resource "terraform_data" "public_only" {
  for_each = { for key, subnet in var.subnets : key => subnet if subnet.public }
  input    = terraform_data.subnet[each.key].input.cidr
}

resource "terraform_data" "off" {
  count = var.enabled ? 0 : 1
  input = "never"
}

resource "terraform_data" "splat" {
  input = {
    all    = terraform_data.name[*].input
    ids    = terraform_data.name[*].id
    first  = terraform_data.name[0].input
    keys   = keys(terraform_data.subnet)
    by_key = { for key, subnet in terraform_data.subnet : key => subnet.input.host }
    count  = length(terraform_data.name)
  }
}

resource "terraform_data" "set_each" {
  for_each = toset(["b", "a", "c"])
  input    = each.value == each.key
}

resource "terraform_data" "grouped" {
  for_each = { for name in var.names : length(name) => name... }
  input    = each.value
}

resource "terraform_data" "replaced" {
  triggers_replace = terraform_data.name[0].id
  input            = "x"
}

resource "terraform_data" "each_resource" {
  for_each = terraform_data.subnet
  input = {
    key  = each.key
    cidr = each.value.input.cidr
    id   = each.value.id
  }
}
