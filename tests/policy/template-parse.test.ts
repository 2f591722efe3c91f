import { describe, expect, it } from "vitest";
import { parseTemplate, TemplateSyntaxError } from "../../src/policy/index.js";

describe("parseTemplate", () => {
  it("splits text and tags, with formatter, style and position", () => {
    expect(parseTemplate('Hi {{patient.firstName}}, {{ appointment.start | date:"long" }}!')).toEqual({
      parts: [
        { kind: "text", text: "Hi " },
        { kind: "variable", path: "patient.firstName", position: 3 },
        { kind: "text", text: ", " },
        { kind: "variable", path: "appointment.start", position: 26, formatter: { name: "date", arg: "long" } },
        { kind: "text", text: "!" },
      ],
      variables: ["patient.firstName", "appointment.start"],
    });
  });

  it("lists a repeated variable once, in order of first use", () => {
    expect(parseTemplate("{{b}} {{a}} {{b | time}}").variables).toEqual(["b", "a"]);
  });

  it.each([
    ["plain text", "Reply STOP to opt out"],
    ["empty body", ""],
    ["single braces are text", "a { b } c"],
    ["formatter without style", "{{slot.start|weekday}}"],
    ["spaces around the colon", '{{slot.start | weekday : "long"}}'],
    ["underscores and digits in paths", "{{a_1.b2}}"],
  ])("accepts %s", (_name, body) => {
    expect(() => parseTemplate(body)).not.toThrow();
  });

  it.each([
    ["an unclosed tag", "Hi {{patient.firstName", 3, /Unclosed '\{\{'/],
    ["a tag opened inside a tag", "Hi {{ {{patient.firstName}}", 3, /Unclosed/],
    ["a stray closing braces", "Hi }} there", 3, /Unexpected '\}\}'/],
    ["a stray close after a tag", "{{a}} b }}", 8, /Unexpected/],
    ["an empty tag", "x{{ }}", 1, /empty tag/],
    ["a path with an empty segment", "{{patient..firstName}}", 0, /'patient\.\.firstName'/],
    ["a path starting with a digit", "{{1patient}}", 0, /variable path/],
    ["triple braces", "{{{patient.firstName}}}", 0, /variable path/],
    ["an unknown formatter", "{{a | shout}}", 0, /Unknown formatter 'shout'; use one of date, time, datetime, weekday/],
    ["an unknown style", '{{a | date:"fancy"}}', 0, /no style "fancy"; use one of short, long, numeric/],
    ["an unquoted style", "{{a | date:long}}", 0, /malformed formatter/],
    ["chained formatters", "{{a | date | time}}", 0, /chains formatters/],
  ])("rejects %s, naming the position", (_name, body, position, message) => {
    let caught: unknown;
    try {
      parseTemplate(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateSyntaxError);
    expect((caught as TemplateSyntaxError).position).toBe(position);
    expect((caught as TemplateSyntaxError).message).toMatch(message);
    expect((caught as TemplateSyntaxError).message).toContain(`at position ${position}`);
  });

  it("gives line and column for a multi-line template", () => {
    expect(() => parseTemplate("Line one\nsee {{x")).toThrow(/position 13 \(line 2, column 5\)/);
  });
});
