# Type constraints with `any` (Terraform unifies the elements of a collection of any), nullable,
# sensitive and validated variables, check blocks and preconditions (which plan ignores for
# values), and the path and terraform objects.

variable "list_of_any" {
  type    = list(any)
  default = [1, "a", true]
}

variable "map_of_any" {
  type    = map(any)
  default = { a = 1, b = "x" }
}

variable "objects_of_any" {
  type    = list(any)
  default = [{ a = 1 }, { a = 2 }]
}

variable "set_of_numbers" {
  type    = set(number)
  default = ["10", 9, 10.0, 1e1, -1]
}

variable "not_nullable" {
  type     = string
  default  = "fallback"
  nullable = false
}

variable "nullable" {
  type    = string
  default = "kept?"
}

variable "secret" {
  type      = string
  default   = "hunter2"
  sensitive = true
}

variable "validated" {
  type    = number
  default = 3
  validation {
    condition     = var.validated > 0
    error_message = "Must be positive."
  }
}

variable "nested_defaults" {
  type = list(object({
    name    = string
    options = optional(object({ retries = optional(number, 3), verbose = optional(bool) }), { verbose = true })
  }))
  default = [{ name = "one" }, { name = "two", options = {} }, { name = "three", options = { retries = 1 } }]
}

check "always" {
  assert {
    condition     = length(var.list_of_any) > 0
    error_message = "empty"
  }
}

resource "terraform_data" "types" {
  input = {
    list_of_any     = var.list_of_any
    map_of_any      = var.map_of_any
    objects_of_any  = var.objects_of_any
    set_of_numbers  = var.set_of_numbers
    not_nullable    = var.not_nullable
    nullable        = var.nullable
    nested_defaults = var.nested_defaults
    validated       = var.validated
    secret_length   = length(nonsensitive(var.secret))
  }

  lifecycle {
    precondition {
      condition     = var.validated < 100
      error_message = "too big"
    }
  }
}

resource "terraform_data" "paths" {
  input = {
    module    = path.module
    root      = path.root
    cwd       = path.cwd
    workspace = terraform.workspace
  }
}
