/**
 * What the assistant says when it does not answer from the docs: honest,
 * short, always pointing at a person, and in the visitor's language (the
 * languages the widget speaks; English otherwise).
 */
const EN = {
  notSureWithPages:
    "I'm not sure our docs answer this, so I won't quote a passage that may not fit. These pages come closest:\n\n{pages}\n\nA person from our team can help — use “Talk to a human” and they'll see this conversation.",
  notSure:
    "I'm not sure: I couldn't find this in our docs, and I'd rather not guess. A person from our team can help — use “Talk to a human” and they'll see this conversation.",
  retrievalDown:
    "I can't search our docs right now, so I can't give you a reliable answer. A person from our team can help — use “Talk to a human” and they'll see this conversation.",
  modelDown: "Our AI assistant is unavailable right now, so I can't write an answer.",
  modelDiedMidAnswer: 'The answer was cut off because the AI service stopped responding. What arrived is kept above; a person can pick it up from here.',
  humanRequested: "Of course — let's get you to a person. Leave your details and someone from our team will continue this conversation, with everything you've written so far.",
  noAiTopic:
    "This is something a person from our team should handle, so I won't answer it myself. Leave your details and they'll continue this conversation, with everything you've written so far.",
  escalated:
    "I think a person from our team will help you better here. Leave your details and they'll continue this conversation, with everything you've written so far.",
  rateLimited: "You're sending messages faster than I can answer. Please wait a moment — or talk to a human, which always works.",
  // After a handoff (handoff-expectation.ts picks them from the configuration; business-hours.ts fills in {close}, {zone}, {next} and {hours}; {day} is "today", "tomorrow" or a weekday).
  replyAnyTime: 'A person from our team will reply here, with this whole conversation in front of them.',
  replyInHours: "A person from our team will reply here shortly (we're in until {close} {zone}), with this whole conversation in front of them.",
  replyAway: "We're away right now; a person from our team will reply here once we're back {next} ({zone}; hours: {hours}).",
  alsoEmail: "We'll also email you the reply.",
  teamHasIt: 'Our team has received this conversation and your contact details.',
  teamInHours: "We're in until {close} {zone}.",
  teamAway: "We're away right now; our team is back {next} ({zone}; hours: {hours}).",
  notConnected: 'No one on our team is notified of it automatically yet, so no reply will come here.',
  emailUs: 'To reach a person, email {email}.',
  opensAt: '{day} at {time}',
  soon: 'soon',
  // Kept in the conversation, so a reload or another tab still says what happened.
  handedOver: 'Sent to our team (reference {reference}). {expectation}',
  handedBack: 'The assistant is back in this conversation; a person can still be reached any time.',
  // A message that is only a greeting or only thanks (small-talk.ts).
  greeting: 'Hi! What can I help you with? A person is always one click away too.',
  thanks: "Glad that helped! Anything else? A person is always one click away too.",
};

export type Messages = typeof EN;

const TRANSLATIONS: Record<string, Messages> = {
  en: EN,
  de: {
    notSureWithPages:
      'Ich bin nicht sicher, ob unsere Dokumentation das beantwortet, und zitiere deshalb keine Stelle, die vielleicht nicht passt. Diese Seiten kommen dem am nächsten:\n\n{pages}\n\nJemand aus unserem Team hilft gern – mit einem Klick auf den Button für einen Menschen, und die Person sieht dieses Gespräch.',
    notSure:
      'Da bin ich mir nicht sicher: Ich habe dazu nichts in unserer Dokumentation gefunden und möchte nicht raten. Jemand aus unserem Team hilft gern – mit einem Klick auf den Button für einen Menschen, und die Person sieht dieses Gespräch.',
    retrievalDown:
      'Ich kann unsere Dokumentation gerade nicht durchsuchen und deshalb keine verlässliche Antwort geben. Jemand aus unserem Team hilft gern – mit einem Klick auf den Button für einen Menschen.',
    modelDown: 'Unser KI-Assistent ist gerade nicht erreichbar, daher kann ich keine Antwort formulieren.',
    modelDiedMidAnswer: 'Die Antwort wurde abgeschnitten, weil der KI-Dienst nicht mehr antwortet. Was angekommen ist, bleibt oben stehen; ein Mensch kann hier weitermachen.',
    humanRequested: 'Natürlich – ich verbinde Sie mit einem Menschen. Hinterlassen Sie Ihre Kontaktdaten, und jemand aus unserem Team setzt dieses Gespräch fort, mit allem, was Sie bisher geschrieben haben.',
    noAiTopic: 'Darum sollte sich jemand aus unserem Team kümmern, deshalb beantworte ich das nicht selbst. Hinterlassen Sie Ihre Kontaktdaten, und das Team setzt dieses Gespräch fort.',
    escalated: 'Ich glaube, hier hilft Ihnen jemand aus unserem Team besser. Hinterlassen Sie Ihre Kontaktdaten, und das Team setzt dieses Gespräch fort.',
    rateLimited: 'Sie schreiben schneller, als ich antworten kann. Bitte warten Sie einen Moment – oder sprechen Sie mit einem Menschen, das geht immer.',
    replyAnyTime: 'Jemand aus unserem Team antwortet Ihnen hier und hat dabei dieses ganze Gespräch vor sich.',
    replyInHours: 'Jemand aus unserem Team antwortet Ihnen hier in Kürze (wir sind bis {close} {zone} da) und hat dabei dieses ganze Gespräch vor sich.',
    replyAway: 'Wir sind gerade nicht da; jemand aus unserem Team antwortet Ihnen hier, sobald wir {next} wieder da sind ({zone}; Zeiten: {hours}).',
    alsoEmail: 'Die Antwort schicken wir Ihnen auch per E-Mail.',
    teamHasIt: 'Unser Team hat dieses Gespräch und Ihre Kontaktdaten erhalten.',
    teamInHours: 'Wir sind bis {close} {zone} da.',
    teamAway: 'Wir sind gerade nicht da; unser Team ist {next} wieder da ({zone}; Zeiten: {hours}).',
    notConnected: 'Unser Team wird darüber noch nicht automatisch benachrichtigt, deshalb kommt hier keine Antwort.',
    emailUs: 'Einen Menschen erreichen Sie per E-Mail an {email}.',
    opensAt: '{day} um {time}',
    soon: 'bald',
    handedOver: 'An unser Team gesendet (Referenz {reference}). {expectation}',
    handedBack: 'Der Assistent ist wieder in diesem Gespräch; ein Mensch ist weiterhin jederzeit erreichbar.',
    greeting: 'Hallo! Wobei kann ich helfen? Ein Mensch ist auch jederzeit nur einen Klick entfernt.',
    thanks: 'Schön, dass es geholfen hat! Noch etwas? Ein Mensch ist auch jederzeit nur einen Klick entfernt.',
  },
  fr: {
    notSureWithPages:
      "Je ne suis pas sûr que notre documentation réponde à cela, je ne cite donc pas un passage qui pourrait ne pas convenir. Ces pages sont les plus proches :\n\n{pages}\n\nUne personne de notre équipe peut vous aider – utilisez le bouton pour parler à un humain, elle verra cette conversation.",
    notSure:
      "Je ne suis pas sûr : je n'ai rien trouvé à ce sujet dans notre documentation et je préfère ne pas deviner. Une personne de notre équipe peut vous aider – utilisez le bouton pour parler à un humain, elle verra cette conversation.",
    retrievalDown:
      "Je ne peux pas consulter notre documentation pour le moment, je ne peux donc pas vous donner de réponse fiable. Une personne de notre équipe peut vous aider – utilisez le bouton pour parler à un humain.",
    modelDown: "Notre assistant IA est indisponible pour le moment, je ne peux donc pas rédiger de réponse.",
    modelDiedMidAnswer: "La réponse a été interrompue car le service d'IA ne répond plus. Ce qui est arrivé reste affiché ; une personne peut prendre le relais.",
    humanRequested: "Bien sûr – je vous mets en relation avec une personne. Laissez vos coordonnées : quelqu'un de notre équipe poursuivra cette conversation, avec tout ce que vous avez déjà écrit.",
    noAiTopic: "C'est une question qu'une personne de notre équipe doit traiter, je n'y réponds donc pas moi-même. Laissez vos coordonnées : l'équipe poursuivra cette conversation.",
    escalated: "Je pense qu'une personne de notre équipe vous aidera mieux ici. Laissez vos coordonnées : l'équipe poursuivra cette conversation.",
    rateLimited: "Vous envoyez des messages plus vite que je ne peux répondre. Patientez un instant – ou parlez à un humain, c'est toujours possible.",
    replyAnyTime: 'Une personne de notre équipe vous répondra ici, avec toute cette conversation sous les yeux.',
    replyInHours: "Une personne de notre équipe vous répondra ici sous peu (nous sommes là jusqu'à {close} {zone}), avec toute cette conversation sous les yeux.",
    replyAway: 'Nous sommes absents pour le moment ; une personne de notre équipe vous répondra ici à notre retour {next} ({zone} ; horaires : {hours}).',
    alsoEmail: 'Nous vous enverrons aussi la réponse par e-mail.',
    teamHasIt: 'Notre équipe a reçu cette conversation et vos coordonnées.',
    teamInHours: "Nous sommes là jusqu'à {close} {zone}.",
    teamAway: 'Nous sommes absents pour le moment ; notre équipe revient {next} ({zone} ; horaires : {hours}).',
    notConnected: "Notre équipe n'en est pas encore avertie automatiquement, aucune réponse n'arrivera donc ici.",
    emailUs: 'Pour joindre une personne, écrivez à {email}.',
    opensAt: '{day} à {time}',
    soon: 'bientôt',
    handedOver: 'Envoyé à notre équipe (référence {reference}). {expectation}',
    handedBack: "L'assistant est de retour dans cette conversation ; une personne reste joignable à tout moment.",
    greeting: 'Bonjour ! En quoi puis-je vous aider ? Une personne est aussi toujours à un clic.',
    thanks: "Ravi que cela ait aidé ! Autre chose ? Une personne est aussi toujours à un clic.",
  },
  es: {
    notSureWithPages:
      'No estoy seguro de que nuestra documentación responda a esto, así que no cito un pasaje que quizá no encaje. Estas páginas son las más cercanas:\n\n{pages}\n\nUna persona de nuestro equipo puede ayudarte: usa el botón para hablar con una persona y verá esta conversación.',
    notSure:
      'No estoy seguro: no encontré esto en nuestra documentación y prefiero no adivinar. Una persona de nuestro equipo puede ayudarte: usa el botón para hablar con una persona y verá esta conversación.',
    retrievalDown:
      'Ahora mismo no puedo consultar nuestra documentación, así que no puedo darte una respuesta fiable. Una persona de nuestro equipo puede ayudarte: usa el botón para hablar con una persona.',
    modelDown: 'Nuestro asistente de IA no está disponible ahora mismo, así que no puedo redactar una respuesta.',
    modelDiedMidAnswer: 'La respuesta se cortó porque el servicio de IA dejó de responder. Lo que llegó se conserva arriba; una persona puede continuar desde aquí.',
    humanRequested: 'Claro, te paso con una persona. Deja tus datos y alguien de nuestro equipo continuará esta conversación, con todo lo que has escrito.',
    noAiTopic: 'Esto debe gestionarlo una persona de nuestro equipo, así que no lo responderé yo. Deja tus datos y el equipo continuará esta conversación.',
    escalated: 'Creo que una persona de nuestro equipo te ayudará mejor aquí. Deja tus datos y el equipo continuará esta conversación.',
    rateLimited: 'Estás enviando mensajes más rápido de lo que puedo responder. Espera un momento, o habla con una persona, que siempre funciona.',
    replyAnyTime: 'Una persona de nuestro equipo te responderá aquí, con toda esta conversación delante.',
    replyInHours: 'Una persona de nuestro equipo te responderá aquí en breve (estamos hasta las {close} {zone}), con toda esta conversación delante.',
    replyAway: 'Ahora no estamos; una persona de nuestro equipo te responderá aquí cuando volvamos {next} ({zone}; horario: {hours}).',
    alsoEmail: 'También te enviaremos la respuesta por correo.',
    teamHasIt: 'Nuestro equipo ha recibido esta conversación y tus datos de contacto.',
    teamInHours: 'Estamos hasta las {close} {zone}.',
    teamAway: 'Ahora no estamos; nuestro equipo vuelve {next} ({zone}; horario: {hours}).',
    notConnected: 'Nuestro equipo todavía no recibe avisos automáticos de esto, así que aquí no llegará ninguna respuesta.',
    emailUs: 'Para hablar con una persona, escribe a {email}.',
    opensAt: '{day} a las {time}',
    soon: 'pronto',
    handedOver: 'Enviado a nuestro equipo (referencia {reference}). {expectation}',
    handedBack: 'El asistente vuelve a esta conversación; una persona sigue disponible en cualquier momento.',
    greeting: '¡Hola! ¿En qué puedo ayudarte? Una persona también está siempre a un clic.',
    thanks: '¡Me alegro de que te haya servido! ¿Algo más? Una persona también está siempre a un clic.',
  },
  ar: {
    notSureWithPages: 'لست متأكدًا من أن وثائقنا تجيب عن هذا، لذلك لن أقتبس مقطعًا قد لا يناسب. هذه الصفحات هي الأقرب:\n\n{pages}\n\nيمكن لأحد أعضاء فريقنا مساعدتك — استخدم زر التحدث إلى شخص وسيرى هذه المحادثة.',
    notSure: 'لست متأكدًا: لم أجد هذا في وثائقنا، وأفضّل ألا أخمّن. يمكن لأحد أعضاء فريقنا مساعدتك — استخدم زر التحدث إلى شخص وسيرى هذه المحادثة.',
    retrievalDown: 'لا أستطيع البحث في وثائقنا الآن، لذلك لا يمكنني تقديم إجابة موثوقة. يمكن لأحد أعضاء فريقنا مساعدتك — استخدم زر التحدث إلى شخص.',
    modelDown: 'مساعد الذكاء الاصطناعي غير متاح الآن، لذلك لا يمكنني كتابة إجابة.',
    modelDiedMidAnswer: 'انقطعت الإجابة لأن خدمة الذكاء الاصطناعي توقفت عن الاستجابة. ما وصل محفوظ أعلاه، ويمكن لشخص من فريقنا المتابعة من هنا.',
    humanRequested: 'بالتأكيد — سأوصلك بشخص من فريقنا. اترك بياناتك وسيتابع أحد أعضاء الفريق هذه المحادثة، مع كل ما كتبته حتى الآن.',
    noAiTopic: 'هذا أمر يجب أن يتولاه شخص من فريقنا، لذلك لن أجيب عنه بنفسي. اترك بياناتك وسيتابع الفريق هذه المحادثة.',
    escalated: 'أعتقد أن شخصًا من فريقنا سيساعدك بشكل أفضل هنا. اترك بياناتك وسيتابع الفريق هذه المحادثة.',
    rateLimited: 'أنت ترسل الرسائل أسرع مما أستطيع الرد. يُرجى الانتظار لحظة — أو التحدث إلى شخص، وهذا متاح دائمًا.',
    replyAnyTime: 'سيرد عليك أحد أعضاء فريقنا هنا، والمحادثة كاملة أمامه.',
    replyInHours: 'سيرد عليك أحد أعضاء فريقنا هنا قريبًا (نحن متاحون حتى {close} {zone})، والمحادثة كاملة أمامه.',
    replyAway: 'لسنا متاحين الآن؛ سيرد عليك أحد أعضاء فريقنا هنا عند عودتنا {next} ({zone}؛ ساعات العمل: {hours}).',
    alsoEmail: 'وسنرسل إليك الرد أيضًا عبر البريد الإلكتروني.',
    teamHasIt: 'تلقى فريقنا هذه المحادثة وبيانات التواصل الخاصة بك.',
    teamInHours: 'نحن متاحون حتى {close} {zone}.',
    teamAway: 'لسنا متاحين الآن؛ يعود فريقنا {next} ({zone}؛ ساعات العمل: {hours}).',
    notConnected: 'لا يتلقى فريقنا إشعارًا تلقائيًا بهذا بعد، لذلك لن يصل أي رد هنا.',
    emailUs: 'للتواصل مع شخص، راسلنا على {email}.',
    opensAt: '{day} الساعة {time}',
    soon: 'قريبًا',
    handedOver: 'أُرسلت إلى فريقنا (المرجع {reference}). {expectation}',
    handedBack: 'عاد المساعد إلى هذه المحادثة، ويمكنك التواصل مع شخص في أي وقت.',
    greeting: 'مرحبًا! كيف يمكنني مساعدتك؟ ويمكنك التواصل مع شخص من فريقنا بنقرة واحدة في أي وقت.',
    thanks: 'يسعدني أن ذلك ساعدك! هل من شيء آخر؟ ويمكنك التواصل مع شخص من فريقنا بنقرة واحدة في أي وقت.',
  },
};

/** A message with its `{name}` slots filled in; a slot without a value stays as it is. */
export const fillIn = (template: string, values: Record<string, string>): string => template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

/** English, kept for callers that have no language. */
export const MESSAGES: Messages = EN;

/** The language the assistant speaks to a visitor: "de-AT" → "de"; one it doesn't speak → "en". */
export function messageLang(lang: string | undefined): string {
  const primary = lang?.toLowerCase().split('-')[0] ?? 'en';
  return Object.hasOwn(TRANSLATIONS, primary) ? primary : 'en';
}

/** The messages in the visitor's language: "de-AT" → German; unknown → English. */
export function messagesFor(lang: string | undefined): Messages {
  return TRANSLATIONS[messageLang(lang)]!;
}
