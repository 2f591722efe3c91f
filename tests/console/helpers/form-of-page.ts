/**
 * The fields a browser would post from a page's form (the one whose action is given): text and
 * hidden inputs, ticked boxes and radios, each select's chosen option and textareas, as a
 * multi-valued map. Submit buttons are left out, as a browser leaves out those not pressed.
 */
const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const attr = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? undefined : unescape(match[1]);
};

export function formOfPage(html: string, action: string): Record<string, string[]> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`No form posts to ${action}`);
  const form = html.slice(start, html.indexOf("</form>", start));
  const fields: Record<string, string[]> = {};
  const add = (name: string | undefined, value: string) => {
    if (name) (fields[name] ??= []).push(value);
  };
  for (const [, tag = ""] of form.matchAll(/<input\b([^>]*)>/g)) {
    const type = attr(tag, "type") ?? "text";
    if (type === "checkbox" || type === "radio") {
      if (/\schecked(=""|\s|$)/.test(tag)) add(attr(tag, "name"), attr(tag, "value") ?? "on");
    } else if (type !== "submit") add(attr(tag, "name"), attr(tag, "value") ?? "");
  }
  for (const [, tag = "", inner = ""] of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option\b[^>]*\sselected[^>]*>/.exec(inner)?.[0] ?? /<option\b[^>]*>/.exec(inner)?.[0] ?? "";
    add(attr(tag, "name"), attr(chosen, "value") ?? "");
  }
  for (const [, tag = "", inner = ""] of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) add(attr(tag, "name"), unescape(inner));
  return fields;
}
