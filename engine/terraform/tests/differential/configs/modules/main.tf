# Local modules: for_each and count on module calls, a nested module with count, count = 0,
# module outputs used by the root and by another module's inputs.

variable "environments" {
  type = map(object({
    instances = number
    tier      = optional(string, "standard")
  }))
  default = {
    dev  = { instances = 1 }
    prod = { instances = 3, tier = "premium" }
  }
}

module "app" {
  source   = "./modules/app"
  for_each = var.environments

  name      = "app-${each.key}"
  instances = each.value.instances
  tier      = each.value.tier
}

module "shared" {
  source = "./modules/shared"
  count  = 2

  index = count.index
  names = [for key, app in module.app : app.name]
}

module "disabled" {
  source = "./modules/shared"
  count  = 0

  index = 99
  names = []
}

resource "terraform_data" "summary" {
  input = {
    app_names     = { for key, app in module.app : key => app.name }
    instance_keys = { for key, app in module.app : key => app.instance_keys }
    shared        = module.shared[*].label
    db_ports      = module.app["prod"].db_ports
    db_count      = length(module.app["dev"].db_ports)
    disabled      = length(module.disabled)
    instance_ids  = { for key, app in module.app : key => [for name, instance in app.instances : instance.id] }
    instance_in   = module.app["dev"].instances["app-dev-00"].input.name
  }
}
