# A cycle through a root local and a resource.
locals {
  name = module.a.echoed
}

resource "terraform_data" "r" {
  input = local.name
}

module "a" {
  source = "./modules/echo"
  label  = "a"
  input  = terraform_data.r.output
}
