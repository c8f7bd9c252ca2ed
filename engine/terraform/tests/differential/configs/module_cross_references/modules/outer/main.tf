variable "sibling" {
  type = string
}

module "inner" {
  source = "../inner"
  name   = "inner"
}

output "inner_constant" {
  value = module.inner.constant
}

output "echoed_sibling" {
  value = "${module.inner.constant}/${var.sibling}"
}

resource "terraform_data" "this" {
  input = var.sibling
}
