/**
 * Every string the widget shows, in every language it speaks, but the handoff
 * form's (i18n-handoff.ts, shipped in the form's part). Short on purpose: each
 * language's panel fits the 16 KB budget.
 *
 * The launcher's label sits in its own small record because the loader
 * imports it alone and must stay under 2 KB; everything else is in `strings`.
 */
export const LANGS = ['en', 'de', 'fr', 'es', 'ar'] as const;
export type Lang = (typeof LANGS)[number];

export const launcherLabels: Record<Lang, string> = {
  en: 'Open chat',
  de: 'Chat öffnen',
  fr: 'Ouvrir le chat',
  es: 'Abrir el chat',
  ar: 'فتح المحادثة',
};

const en = {
  title: 'Support',
  greeting: 'Hi! How can we help?',
  close: 'Close chat',
  message: 'Message',
  send: 'Send',
  stop: 'Stop',
  retry: 'Retry',
  failed: 'Not sent.',
  human: 'Talk to a human',
  humanIntro: 'Leave your details and a person from our team will pick this up, with the whole conversation.',
  mailto: 'Email support',
  formFailed: 'The contact form could not load. Try again in a moment.',
  sources: 'Sources',
  notSure: "I'm not fully sure about this. Check the sources or talk to a human.",
  ask: 'Ask a question…',
  stopped: 'Stopped.',
  cut: 'This answer is incomplete.',
  rateLimited: 'Too many messages. Try again in {s} s, or talk to a human.',
  aiOff: 'The assistant is unavailable. A person can help.',
  you: 'You',
  assistant: 'Assistant',
  agent: 'Support agent',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  why: 'Why? (optional)',
  reasons: "Wrong|Incomplete|Didn't understand me|Wanted a human",
  csat: 'How did we do?',
  comment: 'Comment (optional)',
  thanks: 'Thanks!',
  dismiss: 'Dismiss',
};
export type Strings = typeof en;
export type StringKey = keyof Strings;

const de: Strings = {
  title: 'Support',
  greeting: 'Hallo! Wie können wir helfen?',
  close: 'Chat schließen',
  message: 'Nachricht',
  send: 'Senden',
  stop: 'Stopp',
  retry: 'Erneut senden',
  failed: 'Nicht gesendet.',
  human: 'Mit einem Menschen sprechen',
  humanIntro: 'Hinterlassen Sie Ihre Daten, wir melden uns.',
  mailto: 'E-Mail an den Support',
  formFailed: 'Das Kontaktformular konnte nicht geladen werden. Versuchen Sie es gleich noch einmal.',
  sources: 'Quellen',
  notSure: 'Ich bin nicht ganz sicher. Prüfen Sie die Quellen oder fragen Sie einen Menschen.',
  ask: 'Ihre Frage…',
  stopped: 'Angehalten.',
  cut: 'Diese Antwort ist unvollständig.',
  rateLimited: 'Zu viele Nachrichten. In {s} s erneut versuchen oder einen Menschen fragen.',
  aiOff: 'Der Assistent ist nicht verfügbar. Ein Mensch hilft Ihnen.',
  you: 'Sie',
  assistant: 'Assistent',
  agent: 'Support',
  helpful: 'Hilfreich',
  notHelpful: 'Nicht hilfreich',
  why: 'Warum? (optional)',
  reasons: 'Falsch|Unvollständig|Nicht verstanden|Wollte einen Menschen',
  csat: 'Wie zufrieden sind Sie?',
  comment: 'Kommentar (optional)',
  thanks: 'Danke!',
  dismiss: 'Schließen',
};

const fr: Strings = {
  title: 'Assistance',
  greeting: 'Bonjour ! Comment pouvons-nous aider ?',
  close: 'Fermer le chat',
  message: 'Message',
  send: 'Envoyer',
  stop: 'Arrêter',
  retry: 'Réessayer',
  failed: 'Non envoyé.',
  human: 'Parler à un humain',
  humanIntro: 'Laissez vos coordonnées, une personne vous répondra.',
  mailto: "Écrire à l'assistance",
  formFailed: "Le formulaire de contact n'a pas pu se charger. Réessayez dans un instant.",
  sources: 'Sources',
  notSure: 'Je ne suis pas sûr. Consultez les sources ou parlez à un humain.',
  ask: 'Votre question…',
  stopped: 'Arrêté.',
  cut: 'Cette réponse est incomplète.',
  rateLimited: 'Trop de messages. Réessayez dans {s} s ou parlez à un humain.',
  aiOff: "L'assistant est indisponible. Une personne peut vous aider.",
  you: 'Vous',
  assistant: 'Assistant',
  agent: 'Conseiller',
  helpful: 'Utile',
  notHelpful: 'Pas utile',
  why: 'Pourquoi ? (facultatif)',
  reasons: "Faux|Incomplet|Ne m'a pas compris|Je voulais une personne",
  csat: 'Êtes-vous satisfait ?',
  comment: 'Commentaire (facultatif)',
  thanks: 'Merci !',
  dismiss: 'Fermer',
};

const es: Strings = {
  title: 'Soporte',
  greeting: '¡Hola! ¿Cómo podemos ayudarte?',
  close: 'Cerrar el chat',
  message: 'Mensaje',
  send: 'Enviar',
  stop: 'Detener',
  retry: 'Reintentar',
  failed: 'No enviado.',
  human: 'Hablar con una persona',
  humanIntro: 'Déjanos tus datos y una persona te responderá.',
  mailto: 'Escribir a soporte',
  formFailed: 'No se pudo cargar el formulario de contacto. Inténtalo de nuevo en un momento.',
  sources: 'Fuentes',
  notSure: 'No estoy del todo seguro. Revisa las fuentes o habla con una persona.',
  ask: 'Tu pregunta…',
  stopped: 'Detenido.',
  cut: 'Esta respuesta está incompleta.',
  rateLimited: 'Demasiados mensajes. Reintenta en {s} s o habla con una persona.',
  aiOff: 'El asistente no está disponible. Una persona puede ayudarte.',
  you: 'Tú',
  assistant: 'Asistente',
  agent: 'Soporte',
  helpful: 'Útil',
  notHelpful: 'No útil',
  why: '¿Por qué? (opcional)',
  reasons: 'Incorrecto|Incompleto|No me entendió|Quería una persona',
  csat: '¿Está satisfecho?',
  comment: 'Comentario (opcional)',
  thanks: '¡Gracias!',
  dismiss: 'Descartar',
};

const ar: Strings = {
  title: 'الدعم',
  greeting: 'مرحبًا! كيف يمكننا المساعدة؟',
  close: 'إغلاق المحادثة',
  message: 'الرسالة',
  send: 'إرسال',
  stop: 'إيقاف',
  retry: 'إعادة المحاولة',
  failed: 'لم تُرسل.',
  human: 'التحدث إلى شخص',
  humanIntro: 'اترك بياناتك وسيرد عليك شخص.',
  mailto: 'راسل الدعم',
  formFailed: 'تعذّر تحميل نموذج التواصل. حاول مرة أخرى بعد قليل.',
  sources: 'المصادر',
  notSure: 'لست متأكدًا تمامًا. راجع المصادر أو تحدث إلى شخص.',
  ask: 'اكتب سؤالك…',
  stopped: 'تم الإيقاف.',
  cut: 'هذه الإجابة غير مكتملة.',
  rateLimited: 'رسائل كثيرة. حاول بعد {s} ث أو تحدث إلى شخص.',
  aiOff: 'المساعد غير متاح. يمكن لشخص مساعدتك.',
  you: 'أنت',
  assistant: 'المساعد',
  agent: 'الدعم',
  helpful: 'مفيد',
  notHelpful: 'غير مفيد',
  why: 'لماذا؟ (اختياري)',
  reasons: 'خاطئ|غير مكتمل|لم يفهمني|أردت شخصًا',
  csat: 'ما مدى رضاك؟',
  comment: 'تعليق (اختياري)',
  thanks: 'شكرًا!',
  dismiss: 'إغلاق',
};

/** Every language's strings: the one table. */
export const strings: Record<Lang, Strings> = { en, de, fr, es, ar };

declare const __SB_LANG__: Lang | undefined;

/**
 * The strings a panel build speaks. Each language gets its own panel file
 * (vite.config.ts defines `__SB_LANG__` per build and the others are dropped),
 * so a visitor downloads one language, not five. Unbuilt (tests), it picks at run time.
 */
export function panelStrings(lang: Lang): Strings {
  if (typeof __SB_LANG__ === 'undefined') return strings[lang];
  return __SB_LANG__ === 'de' ? de : __SB_LANG__ === 'fr' ? fr : __SB_LANG__ === 'es' ? es : __SB_LANG__ === 'ar' ? ar : en;
}

/**
 * Picks a supported language from a tag such as `data-lang` or `navigator.language`.
 * @example resolveLang('de-AT') // 'de'
 */
export function resolveLang(tag: string | undefined): Lang {
  const base = (tag ?? '').toLowerCase().split('-')[0] as Lang;
  return LANGS.includes(base) ? base : 'en';
}
