# METADATA
# title: RDS database's security group admits the internet on its port
# description: |
#   ## What it does
#   Follows each `aws_db_instance` and `aws_rds_cluster` to the security groups of its
#   `vpc_security_group_ids` and flags the database when one of them admits `0.0.0.0/0` or `::/0`
#   on the database's port: an inline `ingress` block, an `aws_security_group_rule` of type
#   `ingress` or an `aws_vpc_security_group_ingress_rule` attached to the group. The port is the
#   database's `port`, or the engine's default (MySQL, MariaDB and Aurora MySQL 3306, PostgreSQL
#   and Aurora PostgreSQL 5432, Oracle 1521, SQL Server 1433, Db2 50000). A rule for all
#   protocols (`-1`) covers every port.
#
#   Security groups that are not defined in the scanned configuration (ids passed in as
#   variables or read from data sources) are not checked.
#
#   ## Why is this bad?
#   A security group rule is the only network control in front of the database listener. Opening
#   the port to every address lets anyone who can route to the instance attempt logins, probe the
#   engine for vulnerabilities and brute-force passwords; if the instance is, or becomes,
#   publicly accessible (or sits behind a NAT or a peered network), the whole internet can. The
#   Amazon RDS documentation recommends rules that admit only the application's security group
#   or the address ranges that need the database.
#
#   ## Example
#   ```hcl
#   resource "aws_security_group" "orders_db" {
#     name   = "orders-db"
#     vpc_id = aws_vpc.main.id
#     ingress {
#       from_port   = 5432
#       to_port     = 5432
#       protocol    = "tcp"
#       cidr_blocks = ["0.0.0.0/0"]
#     }
#   }
#
#   resource "aws_db_instance" "orders" {
#     engine                 = "postgres"
#     vpc_security_group_ids = [aws_security_group.orders_db.id]
#     # ...
#   }
#   ```
#
#   ## Use instead
#   Admit only the security group of the clients:
#   ```hcl
#   resource "aws_security_group" "orders_db" {
#     name   = "orders-db"
#     vpc_id = aws_vpc.main.id
#     ingress {
#       from_port       = 5432
#       to_port         = 5432
#       protocol        = "tcp"
#       security_groups = [aws_security_group.orders_api.id]
#     }
#   }
#   ```
# custom:
#   id: TG301
#   slug: rds-port-open-to-internet
#   severity: high
#   category: network
#   resource_types: [aws_db_instance, aws_rds_cluster]
#   references: ["CWE-284", "Amazon RDS User Guide: Controlling access with security groups"]
package tollgate.rules.rds_port_open_to_internet

import data.tollgate.lib
import rego.v1

database_types := {"aws_db_instance", "aws_rds_cluster"}

open_cidrs := {"0.0.0.0/0", "::/0"}

deny contains result if {
	some opening in openings
	opening.state == "yes"
	result := {
		"msg": sprintf(
			"%s accepts connections on %s from the whole internet: %s admits %s; admit only the clients' security group or private address ranges.",
			[input.address, port_text, opening.rule, opening.cidr],
		),
		"path": ["vpc_security_group_ids"],
	}
}

unknown contains result if {
	not definitely_open
	some opening in openings
	opening.state == "unknown"
	result := {
		"msg": sprintf(
			"%s may accept connections from the whole internet: whether %s admits 0.0.0.0/0 or ::/0 on %s is not known before apply; make sure it admits only the clients.",
			[input.address, opening.rule, port_text],
		),
		"path": ["vpc_security_group_ids"],
	}
}

definitely_open if {
	some opening in openings
	opening.state == "yes"
}

port_text := sprintf("port %v", [db_port]) if is_number(db_port) else := "its port"

# Every ingress rule of the database's security groups that may admit an open range on its port:
# `{"rule": description, "cidr": range, "state": "yes" | "unknown"}`.
openings contains opening if {
	some type in database_types
	lib.is_terraform_resource(input, type)
	some group in lib.references(input.id, "vpc_security_group_ids")
	group.type == "aws_security_group"
	some rule in group_ingress_rules(group)
	cidr_state := cidrs_open(rule.cidrs)
	port_state := port_covered(rule.protocol, rule.from, rule.to)
	opening := {"rule": rule.description, "cidr": cidr_state.cidr, "state": worst(cidr_state.state, port_state)}
}

# The ingress rules of a security group, normalized to
# `{"description", "cidrs": [...], "protocol", "from", "to"}`.
group_ingress_rules(group) := inline_rules(group) | legacy_rules(group) | vpc_rules(group)

inline_rules(group) := {rule |
	some block in as_list(object.get(group.values, "ingress", []))
	rule := {
		"description": sprintf("an ingress block of %s", [group.address]),
		"cidrs": array.concat(as_list(object.get(block, "cidr_blocks", [])), as_list(object.get(block, "ipv6_cidr_blocks", []))),
		"protocol": object.get(block, "protocol", null),
		"from": object.get(block, "from_port", null),
		"to": object.get(block, "to_port", null),
	}
}

legacy_rules(group) := {rule |
	some sg_rule in lib.referenced_by(group.id, "aws_security_group_rule", "security_group_id")
	sg_rule.values.type != "egress"
	values := sg_rule.values
	rule := {
		"description": sprintf("%s (on %s)", [sg_rule.address, group.address]),
		"cidrs": array.concat(as_list(object.get(values, "cidr_blocks", [])), as_list(object.get(values, "ipv6_cidr_blocks", []))),
		"protocol": object.get(values, "protocol", null),
		"from": object.get(values, "from_port", null),
		"to": object.get(values, "to_port", null),
	}
}

vpc_rules(group) := {rule |
	some sg_rule in lib.referenced_by(group.id, "aws_vpc_security_group_ingress_rule", "security_group_id")
	values := sg_rule.values
	rule := {
		"description": sprintf("%s (on %s)", [sg_rule.address, group.address]),
		"cidrs": [c | some key in ["cidr_ipv4", "cidr_ipv6"]; c := values[key]],
		"protocol": object.get(values, "ip_protocol", null),
		"from": object.get(values, "from_port", null),
		"to": object.get(values, "to_port", null),
	}
}

# A list as a list; an unknown list as a one-element list holding the unknown marker, so that the
# unknown is seen by the checks of its elements.
as_list(value) := value if is_array(value)

as_list(value) := [value] if lib.is_unknown(value)

cidrs_open(cidrs) := {"cidr": cidr, "state": "yes"} if {
	some cidr in cidrs
	cidr in open_cidrs
} else := {"cidr": "an address range", "state": "unknown"} if {
	some cidr in cidrs
	lib.is_unknown(cidr)
}

# Whether a rule's protocol and port range cover the database port: "yes", "unknown" or undefined.
port_covered(protocol, from, to) := "yes" if {
	protocol in {"-1", "all", -1}
} else := "unknown" if {
	lib.is_unknown(protocol)
} else := "unknown" if {
	protocol in {"tcp", "6", 6}
	some bound in [db_port, from, to]
	not is_number(bound)
} else := "yes" if {
	protocol in {"tcp", "6", 6}
	from <= db_port
	db_port <= to
}

worst(a, b) := "yes" if {
	a == "yes"
	b == "yes"
} else := "unknown"

# The database port: `port` when set, else the engine's default; an unknown marker when not known.
db_port := input.values.port if {
	input.values.port != null
} else := default_port(input.values.engine) if {
	is_string(input.values.engine)
	default_port(input.values.engine)
} else := {"__unknown__": "expression", "source": "port"}

default_port(engine) := 3306 if {
	engine in {"mysql", "mariadb", "aurora", "aurora-mysql"}
} else := 5432 if {
	engine in {"postgres", "aurora-postgresql"}
} else := 1521 if {
	startswith(engine, "oracle")
} else := 1433 if {
	startswith(engine, "sqlserver")
} else := 50000 if {
	startswith(engine, "db2")
}
