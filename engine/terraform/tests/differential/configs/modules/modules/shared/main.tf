variable "index" {
  type = number
}

variable "names" {
  type = list(string)
}

resource "terraform_data" "shared" {
  count = length(var.names) > 0 ? 1 : 0
  input = { index = var.index, names = var.names }
}

output "label" {
  value = "shared-${var.index}"
}
