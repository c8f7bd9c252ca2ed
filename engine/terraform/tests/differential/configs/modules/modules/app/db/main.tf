variable "name" {
  type = string
}

variable "port" {
  type = number
}

resource "terraform_data" "db" {
  input = { name = var.name, port = var.port }
}

output "port" {
  value = terraform_data.db.input.port
}
