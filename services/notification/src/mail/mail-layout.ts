import type { MailContent, Paragraph } from './mail-content.js';

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => htmlEscapes[char] ?? char);
}

/** French typography puts a (no-break) space before the colon. */
const factSeparator = { fr: '\u00a0: ', en: ': ' } as const;

const styles = {
  body: 'margin:0;padding:24px;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2937;',
  card: 'max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;',
  table: 'border-collapse:collapse;width:100%;margin:16px 0;',
  th: 'text-align:left;padding:6px 12px 6px 0;color:#6b7280;font-weight:normal;vertical-align:top;',
  td: 'padding:6px 0;font-weight:bold;',
  button: 'display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;',
};

const linkStyle = 'color:#4f46e5;';

function paragraphHtml(p: Paragraph): string {
  if (typeof p === 'string') return `<p>${escapeHtml(p)}</p>`;
  return `<p>${escapeHtml(p.before)}<a href="${escapeHtml(p.link.url)}" style="${linkStyle}">${escapeHtml(p.link.label)}</a>${escapeHtml(p.after)}</p>`;
}

/** In plain text a link is its words followed by its address. */
const paragraphText = (p: Paragraph): string => (typeof p === 'string' ? p : `${p.before}${p.link.label} (${p.link.url})${p.after}`);

export function renderHtml(content: MailContent): string {
  const paragraph = paragraphHtml;
  const facts = content.facts.length
    ? [
        `<table role="presentation" style="${styles.table}">`,
        ...content.facts.map(
          (fact) => `<tr><th style="${styles.th}">${escapeHtml(fact.label)}</th><td style="${styles.td}">${escapeHtml(fact.value)}</td></tr>`,
        ),
        '</table>',
      ]
    : [];
  const action = content.action ? [`<p><a href="${escapeHtml(content.action.url)}" style="${styles.button}">${escapeHtml(content.action.label)}</a></p>`] : [];
  return [
    '<!doctype html>',
    `<html lang="${content.locale}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="${styles.body}">`,
    `<div style="${styles.card}">`,
    paragraph(content.greeting),
    ...content.paragraphs.map(paragraph),
    ...facts,
    ...action,
    ...content.closing.map(paragraph),
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function renderText(content: MailContent): string {
  const separator = factSeparator[content.locale];
  const blocks = [
    content.greeting,
    ...content.paragraphs.map(paragraphText),
    content.facts.map((fact) => `${fact.label}${separator}${fact.value}`).join('\n'),
    content.action ? `${content.action.label}${separator}${content.action.url}` : '',
    content.closing.join('\n'),
  ];
  return `${blocks.filter((block) => block.length > 0).join('\n\n')}\n`;
}
