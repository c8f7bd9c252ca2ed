variable "config" {
  type = object({
    name = string
    cidr = optional(string, "10.0.0.0/16")
    subnets = map(object({
      cidr_bits = number
      public    = optional(bool, false)
      tags      = optional(map(string), {})
    }))
  })
}

locals {
  names = sort(keys(var.config.subnets))
  subnets = {
    for i, key in local.names : key => merge(var.config.subnets[key], {
      cidr = cidrsubnet(var.config.cidr, var.config.subnets[key].cidr_bits, i)
      name = "${var.config.name}-${key}"
    })
  }
}

resource "terraform_data" "subnet" {
  for_each = local.subnets
  input    = each.value.cidr
}

output "subnets" {
  value = local.subnets
}

output "public_names" {
  value = [for key, subnet in local.subnets : subnet.name if subnet.public]
}

output "ids" {
  value = { for key, subnet in terraform_data.subnet : key => subnet.id }
}

output "config" {
  value = var.config
}
