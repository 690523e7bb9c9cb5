/**
 * A small maintained support vocabulary in the widget's other languages (de, fr, es, ar), so a
 * question asked in them reaches the English docs. Product terms (commands, API names, config
 * keys, error codes) need nothing: they are the same in every language and pass through as typed.
 * Everyday support words are carried into English; the languages' function words are dropped, so
 * they do not count as unmatched concepts against the page.
 *
 * Written from general support vocabulary, not from any evaluation set. The longer lists in
 * support-vocabulary.json (about 350 English words a language, with the inflected forms customers
 * type, and each language's function words) were written by one writer per language who saw no
 * code and no questions; any form that is also an English word (American English word list,
 * accents folded, apostrophes dropped) was left out, so an English question is never rewritten.
 */
import { isStopWord } from './text-analysis';
import shared from './support-vocabulary.json';

/** The longer vocabulary of each language (support-vocabulary.json): the forms customers type for each English word, and the language's function words. */
interface LanguageVocabulary {
  words: Record<string, string[]>;
  function: string[];
}
type Language = 'de' | 'fr' | 'es' | 'ar';
const LANGUAGES: Language[] = ['de', 'fr', 'es', 'ar'];

/** English for each foreign support word, by its accent-folded lowercase form. */
const WORDS: Record<string, string> = {};
/** Function words of de, fr, es and ar: they carry nothing for retrieval. */
const FUNCTION_WORDS = new Set<string>();

function add(english: string, ...foreign: string[]): void {
  for (const word of foreign) WORDS[fold(word)] = english;
}

const fold = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

for (const word of (
  // de
  'ich du er sie es wir ihr mein meine meinen meinem meiner dein deine der die das den dem des ein eine einen einem einer und oder aber ' +
  'mit von zu zum zur auf fur im in ist sind bin bist war wie was wo wann warum welche welcher welches kann konnen ich man nicht kein keine ' +
  'bei nach vor uber unter aus auch noch schon nur sehr mich mir dich dir uns sich wenn dass ob hoch bitte gibt es als am an einfach ' +
  // fr
  'je tu il elle nous vous ils elles le la les un une des du de au aux et ou mais avec pour par sur dans est sont suis comment quoi quel quelle ' +
  'quels quelles pourquoi quand ou peut peux pouvez puis ne pas plus mon ma mes ton ta tes son sa ses notre votre leur ce cette ces qui que ' +
  "qu est-ce faire fait faut-il il-y-a y a-t-il entre tous tout toutes s'il svp " +
  // es
  'yo tu el ella nosotros ustedes ellos los las uno unos unas y o pero con para por sobre en es son soy como que cual cuales por-que cuando ' +
  'donde puedo puede puedes podemos no mas mi mis tu tus su sus nuestro este esta estos estas ese esa hay hacer hace se me te lo le al del muy ' +
  // ar
  'كيف ماذا ما هل لماذا متى أين في من إلى على عن مع و أو لا هذا هذه ذلك التي الذي أن إن هو هي أنا نحن يمكن يمكنني ممكن عند كل بين'
).split(' ')) FUNCTION_WORDS.add(fold(word));

const vocabulary: Partial<Record<Language, LanguageVocabulary>> = shared;
for (const language of LANGUAGES) {
  for (const word of vocabulary[language]?.function ?? []) FUNCTION_WORDS.add(fold(word));
  for (const [english, forms] of Object.entries(vocabulary[language]?.words ?? {})) add(english, ...forms);
}
// The entries below come after the file's, so where both carry a word the hand-kept entry wins.
add('upload', 'hochladen', 'lade', 'laden', 'televerser', 'telecharger', 'subir', 'cargar', 'رفع', 'تحميل');
add('file', 'datei', 'dateien', 'fichier', 'fichiers', 'archivo', 'archivos', 'ملف', 'ملفات');
add('download', 'herunterladen', 'descargar', 'تنزيل');
add('install', 'installieren', 'installation', 'installer', 'instalar', 'instalacion', 'تثبيت');
add('delete', 'loschen', 'entfernen', 'supprimer', 'effacer', 'eliminar', 'borrar', 'حذف');
add('invoice', 'rechnung', 'facture', 'factura', 'فاتورة');
add('password', 'passwort', 'kennwort', 'mot de passe', 'contrasena', 'كلمة');
add('price', 'preis', 'kosten', 'kostet', 'prix', 'cout', 'coute', 'tarif', 'precio', 'cuesta', 'coste', 'سعر', 'تكلفة');
add('free', 'kostenlos', 'gratuit', 'gratis', 'gratuito', 'مجاني');
add('plan', 'tarif', 'abonnement', 'suscripcion', 'خطة');
add('account', 'konto', 'compte', 'cuenta', 'حساب');
add('login', 'anmelden', 'anmeldung', 'einloggen', 'connecter', 'connexion', 'iniciar', 'sesion', 'دخول');
add('user', 'benutzer', 'nutzer', 'utilisateur', 'usuario', 'مستخدم');
add('team', 'equipe', 'equipo', 'فريق');
add('test', 'teste', 'tests', 'testen', 'tester', 'prueba', 'pruebas', 'probar', 'اختبار', 'اختبارات');
add('run', 'ausfuhren', 'laufen', 'lauft', 'executer', 'lancer', 'ejecutar', 'correr', 'تشغيل');
add('parallel', 'parallele', 'paralelo', 'paralela', 'متوازي');
add('record', 'aufzeichnen', 'aufnehmen', 'enregistrer', 'grabar', 'تسجيل');
add('video', 'videos', 'فيديو');
add('screenshot', 'bildschirmfoto', 'capture', 'captura', 'لقطة');
add('error', 'fehler', 'erreur', 'fehlermeldung', 'خطأ');
add('wait', 'warten', 'attendre', 'esperar', 'انتظار');
add('click', 'klicken', 'cliquer', 'clic', 'hacer clic', 'نقر');
add('element', 'elemente', 'elements', 'elemento', 'elementos', 'عنصر');
add('button', 'knopf', 'schaltflache', 'bouton', 'boton', 'زر');
add('page', 'seite', 'pagina', 'صفحة');
add('request', 'anfrage', 'requete', 'solicitud', 'peticion', 'طلب');
add('response', 'antwort', 'reponse', 'respuesta', 'استجابة');
add('network', 'netzwerk', 'reseau', 'red', 'شبكة');
add('cookie', 'cookies', 'كوكيز');
add('session', 'sitzung', 'sesion', 'جلسة');
add('browser', 'navigateur', 'navegador', 'متصفح');
add('configure', 'konfigurieren', 'einrichten', 'configurer', 'configurar', 'konfiguration', 'configuracion', 'إعداد');
add('variable', 'variablen', 'variables', 'متغير');
add('environment', 'umgebung', 'environnement', 'entorno', 'بيئة');
add('version', 'versionen', 'إصدار');
add('update', 'aktualisieren', 'mettre a jour', 'actualizar', 'تحديث');
add('support', 'unterstutzt', 'unterstutzung', 'prend en charge', 'soporta', 'soporte', 'دعم');
add('flaky', 'instabil', 'instable', 'inestable', 'غير مستقر');
add('retry', 'wiederholen', 'reessayer', 'reintentar', 'إعادة');
add('slow', 'langsam', 'lent', 'lento', 'بطيء');
add('fast', 'schnell', 'schneller', 'rapide', 'rapido', 'سريع');
add('folder', 'ordner', 'verzeichnis', 'dossier', 'carpeta', 'مجلد');
add('report', 'bericht', 'rapport', 'informe', 'تقرير');
add('code', 'codigo', 'كود');
add('coverage', 'abdeckung', 'couverture', 'cobertura', 'تغطية');
add('component', 'komponente', 'komposant', 'composant', 'componente', 'مكون');
add('command', 'befehl', 'commande', 'comando', 'أمر');
add('open', 'offnen', 'ouvrir', 'abrir', 'فتح');
add('visit', 'besuchen', 'visiter', 'visitar', 'زيارة');
add('type', 'eingeben', 'tippen', 'saisir', 'taper', 'escribir', 'كتابة');
add('select', 'auswahlen', 'selectionner', 'seleccionar', 'اختيار');
add('window', 'fenster', 'fenetre', 'ventana', 'نافذة');
add('tab', 'onglet', 'pestana', 'علامة');
add('log', 'protokoll', 'journal', 'registro', 'سجل');
add('mock', 'simulieren', 'simuler', 'simular', 'محاكاة');
add('stub', 'attrappe');
add('difference', 'unterschied', 'difference', 'diferencia', 'فرق');
add('use', 'verwenden', 'benutzen', 'nutzen', 'utiliser', 'usar', 'utilizar', 'استخدام');
add('change', 'andern', 'modifier', 'changer', 'cambiar', 'تغيير');
add('create', 'erstellen', 'creer', 'crear', 'إنشاء');
add('write', 'schreiben', 'ecrire', 'escribir', 'كتابة');
add('organization', 'organisation', 'organizacion', 'منظمة');
add('project', 'projekt', 'projet', 'proyecto', 'مشروع');
add('key', 'schlussel', 'cle', 'clave', 'مفتاح');
add('timeout', 'zeituberschreitung', 'delai', 'tiempo de espera', 'مهلة');
add('integration', 'integrieren', 'integrer', 'integrar', 'تكامل');
add('example', 'beispiel', 'exemple', 'ejemplo', 'مثال');
add('why', 'warum', 'pourquoi', 'لماذا');

/** Words of the lists above that are English words too: alone they do not make a question foreign. */
const ALSO_ENGLISH = new Set(
  'test tests video videos code element elements session variable variables difference organisation integration capture plan team version support page report journal log tab red cookie cookies parallel browser installation tarif die man war hoch'.split(' '),
);

/** Multi-word entries ("mot de passe"), longest first, each with its pattern. */
const PHRASES = Object.keys(WORDS)
  .filter((key) => key.includes(' '))
  .sort((a, b) => b.length - a.length)
  .map((phrase) => ({ phrase, pattern: new RegExp(` ${phrase} `, 'giu') }));

/**
 * The question with its foreign support words in English and its foreign function words dropped;
 * everything else (product terms, English words) stays as typed.
 *
 * @example
 * inEnglish('wie lade ich eine datei hoch mit cy.selectFile') // 'upload file cy.selectFile'
 */
export function inEnglish(text: string): string {
  let spaced = ` ${text} `;
  // Nearly a thousand phrases: compiled once, and tried only where the text holds them.
  let lower = spaced.toLowerCase();
  for (const { phrase, pattern } of PHRASES) {
    if (!lower.includes(phrase)) continue;
    spaced = spaced.replace(pattern, ` ${WORDS[phrase]} `);
    lower = spaced.toLowerCase();
  }
  const carried: string[] = [];
  let foreign = 0;
  for (const word of spaced.trim().split(/\s+/)) {
    const bare = fold(word.replace(/^[¿¡"'(«]+|[?!.,;:"')»؟،؛]+$/gu, ''));
    const english = WORDS[bare];
    if ((english !== undefined || FUNCTION_WORDS.has(bare)) && !isStopWord(bare) && !ALSO_ENGLISH.has(bare)) foreign++;
    if (FUNCTION_WORDS.has(bare)) continue;
    carried.push(english ?? word);
  }
  // An English question keeps its own wording: only a question with foreign words is rewritten.
  return foreign === 0 ? text : carried.join(' ');
}
