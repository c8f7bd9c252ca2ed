variable "name" {
  type = string
}

variable "instances" {
  type = number
}

variable "tier" {
  type = string
}

locals {
  keys = [for i in range(var.instances) : format("%s-%02d", var.name, i)]
}

resource "terraform_data" "instance" {
  for_each = toset(local.keys)
  input = {
    name = each.key
    tier = var.tier
    path = path.module
  }
}

module "db" {
  source = "./db"
  count  = var.tier == "premium" ? 2 : 1

  name = "${var.name}-db${count.index}"
  port = 5432 + count.index
}

output "name" {
  value = var.name
}

output "instance_keys" {
  value = sort(keys(terraform_data.instance))
}

output "db_ports" {
  value = module.db[*].port
}

output "instances" {
  value = terraform_data.instance
}
