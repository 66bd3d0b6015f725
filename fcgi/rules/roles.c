/* roles.c -- see roles.h. */
#include "config.h"

#include "rules/roles.h"

/* What hr_group and employee.is_hr meant before the split. */
#define HR_LEGACY (HR_ADMIN | HR_ADVISOR_ALL | HR_AUDITOR)
#define HR_ANY_ADVISOR (HR_ADVISOR | HR_ADVISOR_ALL)

unsigned
roles_of(const struct role_facts *f)
{
	unsigned r = 0;

	if (f->is_hr || f->hr_group)
		r |= HR_LEGACY;
	if (f->admin_group)
		r |= HR_ADMIN;
	if (f->advisor_group)
		r |= HR_ADVISOR;
	if (f->auditor_group)
		r |= HR_AUDITOR;
	return r;
}

bool
roles_any(unsigned roles)
{
	return (roles & (HR_ADMIN | HR_ANY_ADVISOR | HR_AUDITOR)) != 0;
}

bool
roles_administers(unsigned roles)
{
	return (roles & HR_ADMIN) != 0;
}

bool
roles_audits(unsigned roles)
{
	return (roles & HR_AUDITOR) != 0;
}

bool
roles_oversees(unsigned roles)
{
	return roles_administers(roles) || roles_audits(roles);
}

bool
roles_reads_all(unsigned roles)
{
	return (roles & HR_ADVISOR_ALL) != 0;
}

bool
roles_needs_assignment(unsigned roles)
{
	return (roles & HR_ADVISOR) != 0 && !roles_reads_all(roles);
}

bool
roles_reads_dossier(unsigned roles, bool assigned)
{
	if (roles_reads_all(roles))
		return true;
	return (roles & HR_ADVISOR) != 0 && assigned;
}

bool
roles_may_reopen(unsigned roles, bool assigned)
{
	return roles_reads_dossier(roles, assigned);
}

bool
roles_access_export(unsigned roles, bool assigned)
{
	return roles_administers(roles) && roles_reads_dossier(roles, assigned);
}

bool
roles_read_audited(unsigned roles)
{
	return (roles & HR_ANY_ADVISOR) != 0;
}

bool
roles_reports_all(unsigned roles)
{
	return (roles & (HR_ADMIN | HR_ADVISOR_ALL)) != 0;
}

bool
roles_advisor_list(unsigned roles)
{
	return (roles & HR_ANY_ADVISOR) != 0;
}
