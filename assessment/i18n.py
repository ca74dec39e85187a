"""Every string of the interface in English, Spanish and Italian. A test proves each key has all three."""

from __future__ import annotations

from assessment.model import LANGUAGES

DEFAULT_LANG = "en"

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {
        "en": "Foco — social-media maturity",
        "es": "Foco — madurez en redes sociales",
        "it": "Foco — maturità sui social media",
    },
    "app.language": {"en": "Language", "es": "Idioma", "it": "Lingua"},
    "app.tagline": {
        "en": "Where does your organization stand with social media and online communities? "
        "Answer honestly, see your level on the maturity curve and take home a prioritized plan.",
        "es": "¿En qué punto está tu organización con las redes sociales y las comunidades en línea? "
        "Responde con sinceridad, descubre tu nivel en la curva de madurez y llévate un plan priorizado.",
        "it": "A che punto è la tua organizzazione con i social media e le community online? "
        "Rispondi con sincerità, scopri il tuo livello sulla curva di maturità e porta a casa un piano con le priorità.",
    },
    "nav.start": {"en": "Start", "es": "Inicio", "it": "Inizio"},
    "nav.survey": {"en": "Survey", "es": "Cuestionario", "it": "Questionario"},
    "nav.results": {"en": "Results", "es": "Resultados", "it": "Risultati"},
    "bank.broken.title": {
        "en": "The question bank has problems",
        "es": "El banco de preguntas tiene errores",
        "it": "La banca delle domande contiene errori",
    },
    "bank.broken.body": {
        "en": "Foco cannot start the survey until these are fixed in the YAML files "
        "(run `python -m assessment validate` to check):",
        "es": "Foco no puede iniciar el cuestionario hasta que se corrijan en los archivos YAML "
        "(compruébalo con `python -m assessment validate`):",
        "it": "Foco non può avviare il questionario finché non vengono corretti nei file YAML "
        "(verifica con `python -m assessment validate`):",
    },
    "start.header": {
        "en": "About your organization",
        "es": "Sobre tu organización",
        "it": "La tua organizzazione",
    },
    "start.org": {
        "en": "Organization name",
        "es": "Nombre de la organización",
        "it": "Nome dell'organizzazione",
    },
    "start.org.help": {
        "en": "As you want it to appear on the results and the plan.",
        "es": "Tal como quieres que aparezca en los resultados y en el plan.",
        "it": "Come vuoi che compaia nei risultati e nel piano.",
    },
    "start.type": {
        "en": "Type of organization",
        "es": "Tipo de organización",
        "it": "Tipo di organizzazione",
    },
    "start.unit": {
        "en": "Unit or department (optional)",
        "es": "Unidad o departamento (opcional)",
        "it": "Unità o ufficio (facoltativo)",
    },
    "start.unit.help": {
        "en": "For one part of a larger organization: the mayor's office, the library, the local police…",
        "es": "Para una parte de una organización mayor: alcaldía, biblioteca, policía local…",
        "it": "Per una parte di un'organizzazione più grande: ufficio del sindaco, biblioteca, polizia locale…",
    },
    "start.button": {
        "en": "Start the survey",
        "es": "Empezar el cuestionario",
        "it": "Inizia il questionario",
    },
    "start.continue": {
        "en": "Continue the survey",
        "es": "Seguir con el cuestionario",
        "it": "Continua il questionario",
    },
    "start.name_missing": {
        "en": "Please write the organization's name.",
        "es": "Escribe el nombre de la organización.",
        "it": "Scrivi il nome dell'organizzazione.",
    },
    "start.name_too_long": {
        "en": "The name is too long (at most {max} characters).",
        "es": "El nombre es demasiado largo (máximo {max} caracteres).",
        "it": "Il nome è troppo lungo (al massimo {max} caratteri).",
    },
    "start.how": {
        "en": "{questions} questions in {sections} sections: {low} to {high} minutes, depending on how much of the help you read. "
        "Every answer is saved as you give it, so you can stop and come back later with your link. "
        "For each question, choose what your organization actually does today — "
        "“Don't know” is a fine answer and is reported as such.",
        "es": "{questions} preguntas en {sections} secciones: de {low} a {high} minutos, según cuánto leas de la ayuda. "
        "Cada respuesta se guarda al momento, así que puedes parar y volver más tarde con tu enlace. "
        "En cada pregunta, elige lo que tu organización hace hoy de verdad; "
        "«No lo sé» es una respuesta válida y así se indica en el informe.",
        "it": "{questions} domande in {sections} sezioni: da {low} a {high} minuti, a seconda di quanto dell'aiuto leggi. "
        "Ogni risposta viene salvata subito, quindi puoi fermarti e tornare più tardi con il tuo link. "
        "Per ciascuna domanda scegli quello che la tua organizzazione fa davvero oggi: "
        "«Non lo so» è una risposta valida e viene riportata come tale.",
    },
    "survey.need_start": {
        "en": "First tell us about your organization.",
        "es": "Primero cuéntanos sobre tu organización.",
        "it": "Prima parlaci della tua organizzazione.",
    },
    "survey.go_start": {"en": "Go to the start", "es": "Ir al inicio", "it": "Vai all'inizio"},
    "survey.progress": {
        "en": "{done} of {total} questions answered",
        "es": "{done} de {total} preguntas respondidas",
        "it": "{done} domande su {total} con risposta",
    },
    "survey.section": {"en": "Section", "es": "Sección", "it": "Sezione"},
    "survey.section_of": {
        "en": "Section {n} of {total}",
        "es": "Sección {n} de {total}",
        "it": "Sezione {n} di {total}",
    },
    "survey.question_n": {"en": "Question {n}", "es": "Pregunta {n}", "it": "Domanda {n}"},
    "survey.dk": {"en": "Don't know", "es": "No lo sé", "it": "Non lo so"},
    "survey.na": {
        "en": "Not applicable to us",
        "es": "No se aplica a nosotros",
        "it": "Non si applica a noi",
    },
    "survey.evidence_title": {
        "en": "What would prove it",
        "es": "Qué lo demostraría",
        "it": "Che cosa lo dimostrerebbe",
    },
    "survey.prev": {"en": "← Previous section", "es": "← Sección anterior", "it": "← Sezione precedente"},
    "survey.next": {"en": "Next section →", "es": "Sección siguiente →", "it": "Sezione successiva →"},
    "survey.see_results": {"en": "See the results", "es": "Ver los resultados", "it": "Vedi i risultati"},
    "survey.unanswered_left": {
        "en": "{n} questions in this section are still unanswered.",
        "es": "Quedan {n} preguntas sin responder en esta sección.",
        "it": "In questa sezione restano {n} domande senza risposta.",
    },
    "survey.section_done": {
        "en": "Every question in this section is answered.",
        "es": "Todas las preguntas de esta sección tienen respuesta.",
        "it": "Tutte le domande di questa sezione hanno una risposta.",
    },
    "survey.for_org": {"en": "Assessing: {org}", "es": "Evaluando: {org}", "it": "Valutazione di: {org}"},
    "results.need_answers": {
        "en": "Answer the survey first: there is nothing to score yet.",
        "es": "Primero responde el cuestionario: todavía no hay nada que puntuar.",
        "it": "Prima rispondi al questionario: non c'è ancora nulla da valutare.",
    },
    "results.header": {"en": "Results for {org}", "es": "Resultados de {org}", "it": "Risultati di {org}"},
    "results.overall": {"en": "Overall level", "es": "Nivel general", "it": "Livello complessivo"},
    "results.overall_score": {
        "en": "Overall score",
        "es": "Puntuación general",
        "it": "Punteggio complessivo",
    },
    "results.level_n": {"en": "Level {n}: {name}", "es": "Nivel {n}: {name}", "it": "Livello {n}: {name}"},
    "results.not_assessed": {"en": "Not assessed", "es": "Sin evaluar", "it": "Non valutato"},
    "results.overall_missing": {
        "en": "The overall level needs every section answered at least halfway. Still missing: {dims}.",
        "es": "El nivel general necesita que cada sección tenga al menos la mitad de respuestas. Faltan: {dims}.",
        "it": "Per il livello complessivo serve almeno metà delle risposte in ogni sezione. Mancano: {dims}.",
    },
    "results.capped": {
        "en": "Your average ({score}) would reach level {uncapped}, but the overall level is held at {level}: "
        "it can be at most one level above your weakest dimension ({weakest}).",
        "es": "Tu media ({score}) llegaría al nivel {uncapped}, pero el nivel general se queda en {level}: "
        "como mucho puede estar un nivel por encima de tu dimensión más débil ({weakest}).",
        "it": "La tua media ({score}) arriverebbe al livello {uncapped}, ma il livello complessivo resta {level}: "
        "può essere al massimo un livello sopra la dimensione più debole ({weakest}).",
    },
    "results.curve": {"en": "The maturity curve", "es": "La curva de madurez", "it": "La curva di maturità"},
    "results.curve_alt": {
        "en": "Chart description: the five levels from left to right are {levels}. Your organization is at level {n}, {name}.",
        "es": "Descripción del gráfico: los cinco niveles de izquierda a derecha son {levels}. "
        "Tu organización está en el nivel {n}, {name}.",
        "it": "Descrizione del grafico: i cinque livelli da sinistra a destra sono {levels}. "
        "La tua organizzazione è al livello {n}, {name}.",
    },
    "results.curve_y": {
        "en": "Value of the practice",
        "es": "Valor de la práctica",
        "it": "Valore della pratica",
    },
    "results.you_are_here": {"en": "You are here", "es": "Estás aquí", "it": "Sei qui"},
    "results.radar": {
        "en": "The five dimensions",
        "es": "Las cinco dimensiones",
        "it": "Le cinque dimensioni",
    },
    "results.radar_alt": {
        "en": "Chart description, scores out of 100: {scores}.",
        "es": "Descripción del gráfico, puntuaciones sobre 100: {scores}.",
        "it": "Descrizione del grafico, punteggi su 100: {scores}.",
    },
    "results.score": {"en": "Score", "es": "Puntuación", "it": "Punteggio"},
    "results.level": {"en": "Level", "es": "Nivel", "it": "Livello"},
    "results.answered": {
        "en": "{answered} of {applicable} answered",
        "es": "{answered} de {applicable} respondidas",
        "it": "{answered} su {applicable} con risposta",
    },
    "results.unknowns": {
        "en": "{n} answered “don't know” (counted as the lowest step): {questions}",
        "es": "{n} con «No lo sé» (cuentan como el paso más bajo): {questions}",
        "it": "{n} con «Non lo so» (contano come il gradino più basso): {questions}",
    },
    "results.na": {
        "en": "{n} not applicable, left out of the score.",
        "es": "{n} no aplicables, fuera de la puntuación.",
        "it": "{n} non applicabili, escluse dal punteggio.",
    },
    "results.too_few": {
        "en": "Too few answers to score this dimension (at least half are needed).",
        "es": "Muy pocas respuestas para puntuar esta dimensión (hace falta al menos la mitad).",
        "it": "Troppe poche risposte per valutare questa dimensione (ne serve almeno la metà).",
    },
    "results.plan": {"en": "Your action plan", "es": "Tu plan de acción", "it": "Il tuo piano d'azione"},
    "results.plan_intro": {
        "en": "Ranked by the gap each action closes, its impact and its effort; "
        "an action never comes before one it depends on.",
        "es": "Ordenado por la brecha que cierra cada acción, su impacto y su esfuerzo; "
        "una acción nunca va antes de otra de la que depende.",
        "it": "In ordine di divario colmato, impatto e sforzo; "
        "un'azione non viene mai prima di un'altra da cui dipende.",
    },
    "results.keep_doing": {"en": "Keep doing", "es": "Seguid así", "it": "Continuate così"},
    "results.perfect": {
        "en": "Nothing to fix: every dimension is at the top. Here is how to keep it that way.",
        "es": "Nada que corregir: todas las dimensiones están en lo más alto. Así podéis mantenerlo.",
        "it": "Niente da correggere: tutte le dimensioni sono al massimo. Ecco come restarci.",
    },
    "results.details": {
        "en": "Each action in detail",
        "es": "Cada acción en detalle",
        "it": "Ogni azione nel dettaglio",
    },
    "results.why": {"en": "Why", "es": "Por qué", "it": "Perché"},
    "results.principles": {"en": "Principles", "es": "Principios", "it": "Principi"},
    "results.waits_for": {"en": "After", "es": "Después de", "it": "Dopo"},
    "results.downloads": {"en": "Downloads", "es": "Descargas", "it": "Download"},
    "results.download_recs": {
        "en": "Download the plan (CSV)",
        "es": "Descargar el plan (CSV)",
        "it": "Scarica il piano (CSV)",
    },
    "results.download_scores": {
        "en": "Download the scores (CSV)",
        "es": "Descargar las puntuaciones (CSV)",
        "it": "Scarica i punteggi (CSV)",
    },
    "results.back": {
        "en": "Back to the survey",
        "es": "Volver al cuestionario",
        "it": "Torna al questionario",
    },
    "link.bad": {
        "en": "This link does not open an assessment.",
        "es": "Este enlace no abre ninguna evaluación.",
        "it": "Questo link non apre nessuna valutazione.",
    },
    "link.bad_help": {
        "en": "It may be incomplete (check that it was copied whole) or it may have been withdrawn. Ask whoever sent it for a new one, or start a new assessment.",
        "es": "Puede que esté incompleto (comprueba que se copió entero) o que se haya retirado. Pide uno nuevo a quien te lo envió, o empieza una evaluación nueva.",
        "it": "Potrebbe essere incompleto (controlla di averlo copiato per intero) oppure è stato ritirato. Chiedine uno nuovo a chi te l'ha mandato, o inizia una nuova valutazione.",
    },
    "link.start_new": {
        "en": "Start a new assessment",
        "es": "Empezar una evaluación nueva",
        "it": "Inizia una nuova valutazione",
    },
    "link.db_down": {
        "en": "Foco cannot reach its database right now, so it cannot open this assessment. Nothing has been lost: try again in a minute.",
        "es": "Foco no puede conectar con su base de datos en este momento y no puede abrir esta evaluación. No se ha perdido nada: vuelve a intentarlo en un minuto.",
        "it": "Foco non riesce a raggiungere il suo database in questo momento e non può aprire questa valutazione. Non si è perso nulla: riprova tra un minuto.",
    },
    "link.retry": {"en": "Try again", "es": "Reintentar", "it": "Riprova"},
    "start.new": {
        "en": "Start a new assessment",
        "es": "Empezar una evaluación nueva",
        "it": "Inizia una nuova valutazione",
    },
    "survey.note_title": {"en": "Note or evidence", "es": "Nota o evidencia", "it": "Nota o prova"},
    "survey.note": {"en": "Note", "es": "Nota", "it": "Nota"},
    "survey.evidence": {
        "en": "Evidence (a link or where to find it)",
        "es": "Evidencia (un enlace o dónde encontrarla)",
        "it": "Prova (un link o dove trovarla)",
    },
    "survey.evidence_help": {
        "en": "What proves the answer: the written guide, the date of the last drill, the minutes of a review…",
        "es": "Lo que demuestra la respuesta: la guía escrita, la fecha del último simulacro, el acta de una revisión…",
        "it": "Ciò che dimostra la risposta: le linee guida scritte, la data dell'ultima simulazione, il verbale di una revisione…",
    },
    "save.offline": {
        "en": "Foco cannot reach its database right now. Your answers are safe in this window ({n} waiting) and will be saved as soon as it is back — keep this tab open.",
        "es": "Foco no puede conectar con su base de datos ahora mismo. Tus respuestas están a salvo en esta ventana ({n} pendientes) y se guardarán en cuanto vuelva: no cierres esta pestaña.",
        "it": "Foco non riesce a raggiungere il suo database in questo momento. Le tue risposte sono al sicuro in questa finestra ({n} in attesa) e verranno salvate appena torna: non chiudere questa scheda.",
    },
    "save.frozen": {
        "en": "This assessment was submitted on {date}; its answers and result can no longer change.",
        "es": "Esta evaluación se envió el {date}; sus respuestas y su resultado ya no pueden cambiar.",
        "it": "Questa valutazione è stata inviata il {date}; le risposte e il risultato non possono più cambiare.",
    },
    "save.link_title": {
        "en": "Your link to come back",
        "es": "Tu enlace para volver",
        "it": "Il tuo link per tornare",
    },
    "save.link_help": {
        "en": "Every answer is saved as you give it. Keep this link (copy it to your notes or e-mail it to yourself): it opens this assessment on any device. Anyone with the link can see and change the answers, and it cannot be recovered if lost.",
        "es": "Cada respuesta se guarda en cuanto la das. Guarda este enlace (cópialo en tus notas o envíatelo por correo): abre esta evaluación en cualquier dispositivo. Quien tenga el enlace puede ver y cambiar las respuestas, y si se pierde no se puede recuperar.",
        "it": "Ogni risposta viene salvata appena la dai. Conserva questo link (copialo nelle tue note o mandatelo per e-mail): apre questa valutazione da qualsiasi dispositivo. Chi ha il link può vedere e cambiare le risposte, e se lo perdi non si può recuperare.",
    },
    "results.history": {
        "en": "Progress since earlier assessments",
        "es": "Evolución desde las evaluaciones anteriores",
        "it": "Andamento rispetto alle valutazioni precedenti",
    },
    "results.history_alt": {
        "en": "Chart description: each dimension's score across {n} assessments, oldest first; the same figures are in the table below.",
        "es": "Descripción del gráfico: la puntuación de cada dimensión en {n} evaluaciones, de la más antigua a la más reciente; las mismas cifras están en la tabla.",
        "it": "Descrizione del grafico: il punteggio di ogni dimensione in {n} valutazioni, dalla più vecchia alla più recente; gli stessi valori sono nella tabella.",
    },
    "results.now": {"en": "Now", "es": "Ahora", "it": "Ora"},
    "results.notes": {
        "en": "Your notes and evidence",
        "es": "Tus notas y evidencias",
        "it": "Le tue note e prove",
    },
    "col.question": {"en": "Question", "es": "Pregunta", "it": "Domanda"},
    "results.submit_title": {
        "en": "Done? Submit the assessment",
        "es": "¿Has terminado? Envía la evaluación",
        "it": "Hai finito? Invia la valutazione",
    },
    "results.submit_help": {
        "en": "Submitting freezes the answers and this result, so you can compare with it when you assess again in a few months.",
        "es": "Al enviarla se congelan las respuestas y este resultado, para compararlos cuando volváis a evaluaros dentro de unos meses.",
        "it": "Con l'invio risposte e risultato vengono congelati, così potrete confrontarli quando rifarete la valutazione tra qualche mese.",
    },
    "results.submit": {"en": "Submit and freeze", "es": "Enviar y congelar", "it": "Invia e congela"},
    "results.reassess_title": {"en": "Assess again", "es": "Volver a evaluar", "it": "Valuta di nuovo"},
    "results.reassess_help": {
        "en": "A new assessment for the same organization and unit; its results will show the change since this one.",
        "es": "Una evaluación nueva para la misma organización y unidad; sus resultados mostrarán el cambio respecto a esta.",
        "it": "Una nuova valutazione per la stessa organizzazione e unità; i risultati mostreranno il cambiamento rispetto a questa.",
    },
    "results.prefill": {
        "en": "Start from these answers",
        "es": "Partir de estas respuestas",
        "it": "Parti da queste risposte",
    },
    "results.reassess": {
        "en": "Start the new assessment",
        "es": "Empezar la nueva evaluación",
        "it": "Inizia la nuova valutazione",
    },
    "results.old_bank": {
        "en": "Scored with question bank {then}; the current bank is {now}. The scores are kept as they were; {gone} recommendations no longer exist.",
        "es": "Puntuada con el banco de preguntas {then}; el actual es {now}. Las puntuaciones se mantienen como estaban; {gone} recomendaciones ya no existen.",
        "it": "Valutata con la banca delle domande {then}; quella attuale è {now}. I punteggi restano quelli di allora; {gone} raccomandazioni non esistono più.",
    },
    "results.download_answers": {
        "en": "Download the answers and notes (CSV)",
        "es": "Descargar respuestas y notas (CSV)",
        "it": "Scarica risposte e note (CSV)",
    },
    "col.rank": {"en": "#", "es": "#", "it": "#"},
    "col.phase": {"en": "When", "es": "Cuándo", "it": "Quando"},
    "col.action": {"en": "Action", "es": "Acción", "it": "Azione"},
    "col.dimension": {"en": "Dimension", "es": "Dimensión", "it": "Dimensione"},
    "col.effort": {"en": "Effort", "es": "Esfuerzo", "it": "Sforzo"},
    "col.impact": {"en": "Impact", "es": "Impacto", "it": "Impatto"},
    "col.quick_win": {"en": "Quick win", "es": "Victoria rápida", "it": "Risultato rapido"},
    "phase.now": {"en": "Now", "es": "Ahora", "it": "Adesso"},
    "phase.next": {"en": "Next", "es": "Después", "it": "Dopo"},
    "phase.later": {"en": "Later", "es": "Más adelante", "it": "Più avanti"},
    "effort.S": {"en": "Small", "es": "Pequeño", "it": "Piccolo"},
    "effort.M": {"en": "Medium", "es": "Medio", "it": "Medio"},
    "effort.L": {"en": "Large", "es": "Grande", "it": "Grande"},
    "yes": {"en": "Yes", "es": "Sí", "it": "Sì"},
    "no": {"en": "No", "es": "No", "it": "No"},
}


def t(key: str, lang: str, **values: object) -> str:
    text = STRINGS[key].get(lang) or STRINGS[key][DEFAULT_LANG]
    return text.format(**values) if values else text


def lang_from_locale(locale: str | None) -> str:
    """'es-ES' → 'es'; anything we do not speak → English."""
    if not locale:
        return DEFAULT_LANG
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANG
