/**
 * The handoff form's strings, in every language. They ship in the handoff part
 * (dist/widget-handoff.<lang>.js, widget/src/handoff.ts), not in the panel: only
 * visitors who ask for a person download them. Everything else is in i18n.ts.
 */
import type { Lang, Strings } from './i18n';

const en = {
  name: 'Name',
  email: 'Email',
  note: 'Note',
  optional: '(optional)',
  sendToHuman: 'Send to a human',
  back: 'Back to chat',
  sent: 'Sent. Your reference:',
  queued: 'Saved. We will send it as soon as we can reach support.',
  invalid: 'Please check the form.',
};
export type HandoffStrings = typeof en;

const de: HandoffStrings = {
  name: 'Name',
  email: 'E-Mail',
  note: 'Notiz',
  optional: '(optional)',
  sendToHuman: 'An einen Menschen senden',
  back: 'Zurück zum Chat',
  sent: 'Gesendet. Ihre Referenz:',
  queued: 'Gespeichert. Wir senden es, sobald der Support erreichbar ist.',
  invalid: 'Bitte prüfen Sie das Formular.',
};

const fr: HandoffStrings = {
  name: 'Nom',
  email: 'E-mail',
  note: 'Note',
  optional: '(facultatif)',
  sendToHuman: 'Envoyer à un humain',
  back: 'Retour au chat',
  sent: 'Envoyé. Votre référence :',
  queued: 'Enregistré. Envoi dès que le support sera joignable.',
  invalid: 'Vérifiez le formulaire.',
};

const es: HandoffStrings = {
  name: 'Nombre',
  email: 'Correo',
  note: 'Nota',
  optional: '(opcional)',
  sendToHuman: 'Enviar a una persona',
  back: 'Volver al chat',
  sent: 'Enviado. Tu referencia:',
  queued: 'Guardado. Lo enviaremos en cuanto soporte esté disponible.',
  invalid: 'Revisa el formulario.',
};

const ar: HandoffStrings = {
  name: 'الاسم',
  email: 'البريد الإلكتروني',
  note: 'ملاحظة',
  optional: '(اختياري)',
  sendToHuman: 'إرسال إلى شخص',
  back: 'العودة إلى المحادثة',
  sent: 'تم الإرسال. المرجع:',
  queued: 'تم الحفظ. سنرسله فور توفر الدعم.',
  invalid: 'يرجى مراجعة النموذج.',
};

/** Every language's form strings: the one table. */
export const handoffStrings: Record<Lang, HandoffStrings> = { en, de, fr, es, ar };

declare const __SB_LANG__: Lang | undefined;

/** The panel's strings and the form's, in the language of this build (folded like `panelStrings` in i18n.ts). */
export function formStrings(t: Strings, lang: Lang): Strings & HandoffStrings {
  if (typeof __SB_LANG__ === 'undefined') return { ...t, ...handoffStrings[lang] };
  return { ...t, ...(__SB_LANG__ === 'de' ? de : __SB_LANG__ === 'fr' ? fr : __SB_LANG__ === 'es' ? es : __SB_LANG__ === 'ar' ? ar : en) };
}
