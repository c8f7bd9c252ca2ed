# A module whose input is an object with optional attributes and defaults, whose outputs (maps
# of objects, lists, values known only after apply) drive for_each and count in the root.

module "net" {
  source = "./net"
  config = {
    name = "main"
    subnets = {
      b = { cidr_bits = 8, public = true }
      a = { cidr_bits = 8 }
      c = { cidr_bits = 4, tags = { role = "data" } }
    }
  }
}

resource "terraform_data" "subnet" {
  for_each = module.net.subnets
  input    = each.value
}

resource "terraform_data" "public" {
  count = length(module.net.public_names)
  input = module.net.public_names[count.index]
}

resource "terraform_data" "ids" {
  input = {
    ids    = module.net.ids
    config = module.net.config
  }
}
