# Modules that read each other's unrelated outputs: legal, because Terraform's graph has a node
# per variable, local, output and resource, not one per module.

# a gets an output of b while b gets an output of a.
module "a" {
  source = "./modules/echo"
  label  = "a"
  input  = module.b.constant
}

module "b" {
  source = "./modules/echo"
  label  = "b"
  input  = module.a.constant
}

# Through a root local, and one module's echo of the other's constant.
locals {
  from_c = module.c.echoed
}

module "c" {
  source = "./modules/echo"
  label  = "c"
  input  = module.d.constant
}

module "d" {
  source = "./modules/echo"
  label  = "d"
  input  = local.from_c
}

# Counted and for_each calls referencing each other by instance.
module "counted" {
  source = "./modules/pair"
  count  = 2
  first  = "counted-${count.index}"
  second = module.keyed["x"].left
}

module "keyed" {
  source   = "./modules/pair"
  for_each = toset(["x", "y"])
  first    = "keyed-${each.key}"
  second   = module.counted[1].left
}

# A whole module object passed on: e depends on every output of f; f reads only e's constant.
module "e" {
  source = "./modules/echo"
  label  = "e"
  input  = module.f
}

module "f" {
  source = "./modules/echo"
  label  = "f"
  input  = module.e.constant
}

# Nested modules: outer's output comes from its inner module, and the sibling's input from it,
# while outer reads the sibling.
module "outer" {
  source  = "./modules/outer"
  sibling = module.sibling.constant
}

module "sibling" {
  source = "./modules/echo"
  label  = "sibling"
  input  = module.outer.inner_constant
}

resource "terraform_data" "summary" {
  input = {
    a       = module.a.echoed
    b       = module.b.echoed
    c       = module.c.echoed
    d       = module.d.echoed
    counted = module.counted[*].right
    keyed   = { for k, m in module.keyed : k => m.right }
    e       = module.e.echoed
    outer   = module.outer.echoed_sibling
    sibling = module.sibling.echoed
  }
}
