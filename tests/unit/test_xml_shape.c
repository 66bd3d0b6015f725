/* test_xml_shape.c -- the bounded look at an XML file before parsing
 * (import/xml_shape.c): elements and attributes counted, what is not a
 * start tag skipped, '=' inside quoted values not an attribute, the line
 * of the start tag that goes over a limit. */
#include "config.h"

#include <string.h>

#include "import/xml_shape.h"
#include "tap.h"

static enum xml_shape
check(const char *xml, size_t attrs_max, size_t elements_max, size_t *line)
{
	const struct xml_shape_limits lim = { attrs_max, elements_max };

	return xml_shape_check(xml, strlen(xml), &lim, line);
}

static void
test_counts(void)
{
	size_t line;

	is_int(check("<a><b x='1'/><c/></a>", 1, 3, &line), XML_SHAPE_OK, "3 elements, 1 attribute: within");
	is_int(check("<a><b/><c/><d/></a>", 4, 3, &line), XML_SHAPE_ELEMENTS, "a 4th element over 3");
	is_int(line, 1, "on line 1");
	is_int(check("<a>\n<b x='1' y='2' z='3'/>\n</a>", 2, 10, &line), XML_SHAPE_ATTRS,
	    "3 attributes over 2");
	is_int(line, 2, "the line of that start tag");
	is_int(check("", 0, 0, &line), XML_SHAPE_OK, "nothing to count");
}

static void
test_skipped(void)
{
	size_t line;

	is_int(check("<?xml version='1.0'?><!-- <x a='1' b='2'/> <y/> --><a/>", 0, 1, &line),
	    XML_SHAPE_OK, "a declaration and a comment are no elements");
	is_int(check("<a><![CDATA[<b c='1' d='2'/><e/>]]></a>", 0, 1, &line), XML_SHAPE_OK,
	    "nor is CDATA");
	is_int(check("<a title=\"x=y=z\" b='p=q'/>", 2, 1, &line), XML_SHAPE_OK,
	    "'=' inside quoted values counts once per attribute");
	is_int(check("<!DOCTYPE a [<!ENTITY x 'y'>]><a/><b/><c/>", 0, 0, &line), XML_SHAPE_OK,
	    "a DOCTYPE is left to the parser, which refuses it");
	is_int(check("<a>\n\n<!-- \n -->\n<b/></a>", 0, 1, &line), XML_SHAPE_ELEMENTS,
	    "lines inside a comment are counted");
	is_int(line, 5, "so the second element is on line 5");
}

int
main(void)
{
	test_counts();
	test_skipped();
	return tap_done();
}
