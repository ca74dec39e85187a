"""Every string of the interface in English, Spanish and Italian. A test proves each key has all three."""

from __future__ import annotations

from assessment.bank.model import LANGUAGES

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
    "start.name_invalid": {
        "en": "A name is one line of text: remove the line break or control character pasted into the organization's or the unit's name.",
        "es": "Un nombre es una sola línea de texto: quite el salto de línea o el carácter de control que se ha pegado en el nombre de la organización o de la unidad.",
        "it": "Un nome è una sola riga di testo: togli l'a capo o il carattere di controllo incollato nel nome dell'organizzazione o dell'unità.",
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
    "results.next_steps": {
        "en": "The next step on each question",
        "es": "El siguiente paso en cada pregunta",
        "it": "Il passo successivo per ogni domanda",
    },
    "results.next_steps_help": {
        "en": "Beyond the plan: for every question not yet at the top step, what the step above looks like, lowest answers first.",
        "es": "Más allá del plan: para cada pregunta que aún no está en el paso más alto, cómo es el paso siguiente, empezando por las respuestas más bajas.",
        "it": "Oltre il piano: per ogni domanda non ancora al gradino più alto, com'è il gradino successivo, a partire dalle risposte più basse.",
    },
    "results.today": {"en": "Today", "es": "Hoy", "it": "Oggi"},
    "results.next": {"en": "Next step", "es": "Siguiente paso", "it": "Passo successivo"},
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
    # --- the consultant's workspace -------------------------------------------------------------------
    "ws.nav": {"en": "Workspace", "es": "Área de consultoría", "it": "Area consulenti"},
    "ws.nav.clients": {"en": "Clients", "es": "Clientes", "it": "Clienti"},
    "ws.nav.portfolio": {"en": "Portfolio", "es": "Cartera", "it": "Portafoglio"},
    "ws.nav.compare": {"en": "Compare", "es": "Comparar", "it": "Confronta"},
    "ws.nav.transfer": {"en": "Import/Export", "es": "Importar/Exportar", "it": "Importa/Esporta"},
    "ws.nav.signout": {"en": "Sign out", "es": "Cerrar sesión", "it": "Esci"},
    "ws.signin.title": {
        "en": "Consultant sign-in",
        "es": "Acceso para consultores",
        "it": "Accesso consulenti",
    },
    "ws.signin.intro": {
        "en": "The workspace is for consultants who assess several clients. To answer a survey you do not need an account.",
        "es": "El área de consultoría es para quienes evalúan a varios clientes. Para responder un cuestionario no hace falta cuenta.",
        "it": "L'area consulenti è per chi valuta più clienti. Per rispondere a un questionario non serve un account.",
    },
    "ws.signin.oidc": {
        "en": "Sign in with your organization's account",
        "es": "Entrar con la cuenta de tu organización",
        "it": "Accedi con l'account della tua organizzazione",
    },
    "ws.signin.or": {
        "en": "or with a Foco account:",
        "es": "o con una cuenta de Foco:",
        "it": "oppure con un account Foco:",
    },
    "ws.signin.username": {"en": "Username", "es": "Usuario", "it": "Nome utente"},
    "ws.signin.password": {"en": "Password", "es": "Contraseña", "it": "Password"},
    "ws.signin.button": {"en": "Sign in", "es": "Entrar", "it": "Accedi"},
    "ws.signin.failed": {
        "en": "Wrong username or password, or too many failed attempts (then wait 15 minutes).",
        "es": "Usuario o contraseña incorrectos, o demasiados intentos fallidos (en ese caso, espera 15 minutos).",
        "it": "Nome utente o password errati, oppure troppi tentativi falliti (in tal caso attendi 15 minuti).",
    },
    "ws.signin.needed": {
        "en": "Sign in to the workspace first.",
        "es": "Primero entra en el área de consultoría.",
        "it": "Prima accedi all'area consulenti.",
    },
    "ws.db_down": {
        "en": "The database cannot be reached right now. Nothing was changed; try again in a moment.",
        "es": "Ahora mismo no se puede acceder a la base de datos. No se ha cambiado nada; inténtalo de nuevo en un momento.",
        "it": "Al momento il database non è raggiungibile. Non è stato modificato nulla; riprova tra poco.",
    },
    "ws.not_found": {
        "en": "Not found: it may have been archived, or it is not one of your clients.",
        "es": "No encontrado: puede que se haya archivado o que no sea uno de tus clientes.",
        "it": "Non trovato: potrebbe essere stato archiviato o non essere uno dei tuoi clienti.",
    },
    "ws.save": {"en": "Save", "es": "Guardar", "it": "Salva"},
    "ws.archive": {"en": "Archive", "es": "Archivar", "it": "Archivia"},
    "ws.restore": {"en": "Restore", "es": "Recuperar", "it": "Ripristina"},
    "ws.clients.title": {"en": "Clients", "es": "Clientes", "it": "Clienti"},
    "ws.clients.new": {"en": "New client", "es": "Nuevo cliente", "it": "Nuovo cliente"},
    "ws.clients.create": {"en": "Create the client", "es": "Crear el cliente", "it": "Crea il cliente"},
    "ws.clients.created": {"en": "Created: {name}", "es": "Creado: {name}", "it": "Creato: {name}"},
    "ws.clients.duplicate": {
        "en": "That name is already in use here; pick another.",
        "es": "Ese nombre ya está en uso aquí; elige otro.",
        "it": "Quel nome è già in uso qui; scegline un altro.",
    },
    "ws.clients.name_missing": {
        "en": "Type a name (at most 200 characters).",
        "es": "Escribe un nombre (200 caracteres como máximo).",
        "it": "Scrivi un nome (al massimo 200 caratteri).",
    },
    "ws.clients.none": {
        "en": "No clients yet: create the first one above.",
        "es": "Todavía no hay clientes: crea el primero arriba.",
        "it": "Ancora nessun cliente: crea il primo qui sopra.",
    },
    "ws.clients.manage": {"en": "Manage a client", "es": "Gestionar un cliente", "it": "Gestisci un cliente"},
    "ws.clients.rename": {"en": "Name", "es": "Nombre", "it": "Nome"},
    "ws.clients.units": {"en": "Units", "es": "Unidades", "it": "Unità"},
    "ws.clients.no_units": {
        "en": "No units: the client is assessed as a whole.",
        "es": "Sin unidades: el cliente se evalúa en conjunto.",
        "it": "Nessuna unità: il cliente viene valutato nel suo insieme.",
    },
    "ws.clients.new_unit": {
        "en": "New unit (the library, the local police…)",
        "es": "Nueva unidad (la biblioteca, la policía local…)",
        "it": "Nuova unità (la biblioteca, la polizia locale…)",
    },
    "ws.clients.add_unit": {"en": "Add the unit", "es": "Añadir la unidad", "it": "Aggiungi l'unità"},
    "ws.clients.archive": {
        "en": "Archive this client",
        "es": "Archivar este cliente",
        "it": "Archivia questo cliente",
    },
    "ws.clients.archived": {
        "en": "Archived clients ({n})",
        "es": "Clientes archivados ({n})",
        "it": "Clienti archiviati ({n})",
    },
    "ws.clients.link": {"en": "Assessment link", "es": "Enlace de evaluación", "it": "Link di valutazione"},
    "ws.clients.link_help": {
        "en": "Each link opens one new assessment and nothing else: send it by e-mail to the person who will answer. It is shown only once; issue another if it gets lost.",
        "es": "Cada enlace abre una evaluación nueva y nada más: envíaselo por correo a quien vaya a responder. Solo se muestra una vez; si se pierde, genera otro.",
        "it": "Ogni link apre una nuova valutazione e nient'altro: invialo per e-mail a chi risponderà. Viene mostrato una sola volta; se va perso, generane un altro.",
    },
    "ws.clients.for": {"en": "For", "es": "Para", "it": "Per"},
    "ws.clients.whole": {
        "en": "The whole organization",
        "es": "Toda la organización",
        "it": "L'intera organizzazione",
    },
    "ws.clients.respondent": {
        "en": "Respondent (optional, when several people answer)",
        "es": "Persona que responde (opcional, si responden varias)",
        "it": "Chi risponde (facoltativo, se rispondono più persone)",
    },
    "ws.clients.issue": {"en": "Issue a link", "es": "Generar un enlace", "it": "Genera un link"},
    "ws.clients.status": {
        "en": "Every assessment",
        "es": "Todas las evaluaciones",
        "it": "Tutte le valutazioni",
    },
    "ws.clients.no_assessments": {
        "en": "No assessments yet: issue a link, or import a responses file.",
        "es": "Todavía no hay evaluaciones: genera un enlace o importa un archivo de respuestas.",
        "it": "Ancora nessuna valutazione: genera un link o importa un file di risposte.",
    },
    "ws.status.not_started": {"en": "Not started", "es": "Sin empezar", "it": "Non iniziata"},
    "ws.status.in_progress": {
        "en": "In progress ({pct}%)",
        "es": "En curso ({pct} %)",
        "it": "In corso ({pct}%)",
    },
    "ws.status.submitted": {"en": "Submitted", "es": "Enviada", "it": "Inviata"},
    "ws.col.client": {"en": "Client", "es": "Cliente", "it": "Cliente"},
    "ws.col.unit": {"en": "Unit", "es": "Unidad", "it": "Unità"},
    "ws.col.units": {"en": "Units", "es": "Unidades", "it": "Unità"},
    "ws.col.respondent": {"en": "Respondent", "es": "Persona", "it": "Rispondente"},
    "ws.col.status": {"en": "Status", "es": "Estado", "it": "Stato"},
    "ws.col.progress": {"en": "Answered", "es": "Respondido", "it": "Risposto"},
    "ws.col.date": {"en": "Date", "es": "Fecha", "it": "Data"},
    "ws.col.overall": {"en": "Overall score", "es": "Puntuación global", "it": "Punteggio complessivo"},
    "ws.col.level": {"en": "Overall level", "es": "Nivel global", "it": "Livello complessivo"},
    "ws.col.min": {"en": "Lowest", "es": "Mínimo", "it": "Minimo"},
    "ws.col.median": {"en": "Median", "es": "Mediana", "it": "Mediana"},
    "ws.col.max": {"en": "Highest", "es": "Máximo", "it": "Massimo"},
    "ws.col.range": {
        "en": "Spread (max − min)",
        "es": "Dispersión (máx. − mín.)",
        "it": "Scarto (max − min)",
    },
    "ws.col.std": {"en": "Standard deviation", "es": "Desviación típica", "it": "Deviazione standard"},
    "ws.col.row": {"en": "Row", "es": "Fila", "it": "Riga"},
    "ws.col.column": {"en": "Column", "es": "Columna", "it": "Colonna"},
    "ws.col.value": {"en": "Value", "es": "Valor", "it": "Valore"},
    "ws.col.why": {"en": "Problem", "es": "Problema", "it": "Problema"},
    "ws.portfolio.title": {"en": "Portfolio", "es": "Cartera de clientes", "it": "Portafoglio clienti"},
    "ws.portfolio.empty": {
        "en": "Nothing to compare yet: results appear here as your clients answer.",
        "es": "Aún no hay nada que comparar: los resultados aparecen aquí a medida que responden tus clientes.",
        "it": "Ancora niente da confrontare: i risultati compaiono qui man mano che i clienti rispondono.",
    },
    "ws.portfolio.nothing": {
        "en": "No results among these yet.",
        "es": "Todavía no hay resultados entre estos.",
        "it": "Ancora nessun risultato tra questi.",
    },
    "ws.portfolio.filter_type": {
        "en": "Type of organization",
        "es": "Tipo de organización",
        "it": "Tipo di organizzazione",
    },
    "ws.portfolio.filter_level": {"en": "Overall level", "es": "Nivel global", "it": "Livello complessivo"},
    "ws.portfolio.count": {
        "en": "{n} of {total} shown. Click a column header to sort.",
        "es": "Se muestran {n} de {total}. Haz clic en un encabezado para ordenar.",
        "it": "Mostrati {n} su {total}. Fai clic sull'intestazione di una colonna per ordinare.",
    },
    "ws.portfolio.heatmap": {
        "en": "Heatmap: clients × dimensions",
        "es": "Mapa de calor: clientes × dimensiones",
        "it": "Mappa di calore: clienti × dimensioni",
    },
    "ws.portfolio.heatmap_first": {
        "en": "The first {n} of {total}; filter the table to see others.",
        "es": "Los primeros {n} de {total}; filtra la tabla para ver otros.",
        "it": "I primi {n} su {total}; filtra la tabella per vederne altri.",
    },
    "ws.portfolio.heatmap_alt": {
        "en": "Heatmap of {n} clients and units by dimension, scores 0–100, the same numbers as the table above. Weakest per dimension — {weakest}.",
        "es": "Mapa de calor de {n} clientes y unidades por dimensión, puntuaciones de 0 a 100, las mismas cifras que la tabla de arriba. El más débil por dimensión: {weakest}.",
        "it": "Mappa di calore di {n} clienti e unità per dimensione, punteggi da 0 a 100, gli stessi numeri della tabella qui sopra. Il più debole per dimensione: {weakest}.",
    },
    "ws.portfolio.radar": {"en": "Radar side by side", "es": "Radar superpuesto", "it": "Radar a confronto"},
    "ws.portfolio.radar_pick": {
        "en": "Clients or units to overlay (up to {n})",
        "es": "Clientes o unidades que superponer (hasta {n})",
        "it": "Clienti o unità da sovrapporre (fino a {n})",
    },
    "ws.portfolio.radar_alt": {
        "en": "Radar of the dimension scores of the clients picked; the table below holds the same numbers.",
        "es": "Radar con las puntuaciones por dimensión de los clientes elegidos; la tabla de abajo recoge las mismas cifras.",
        "it": "Radar dei punteggi per dimensione dei clienti scelti; la tabella qui sotto riporta gli stessi numeri.",
    },
    "ws.portfolio.trend": {
        "en": "Trend over time",
        "es": "Evolución en el tiempo",
        "it": "Andamento nel tempo",
    },
    "ws.portfolio.trend_pick": {"en": "Client or unit", "es": "Cliente o unidad", "it": "Cliente o unità"},
    "ws.portfolio.trend_alt": {
        "en": "Each dimension's score for {who} across {n} submitted assessments; the table below holds the same numbers.",
        "es": "Puntuación de cada dimensión de {who} en {n} evaluaciones enviadas; la tabla de abajo recoge las mismas cifras.",
        "it": "Punteggio di ogni dimensione per {who} in {n} valutazioni inviate; la tabella qui sotto riporta gli stessi numeri.",
    },
    "ws.portfolio.no_trend": {
        "en": "A trend needs two submitted assessments of the same client or unit; none has two yet.",
        "es": "Para ver una evolución hacen falta dos evaluaciones enviadas del mismo cliente o unidad; todavía ninguno las tiene.",
        "it": "Per vedere un andamento servono due valutazioni inviate dello stesso cliente o unità; nessuno le ha ancora.",
    },
    "ws.portfolio.all": {"en": "All", "es": "Todos", "it": "Tutti"},
    "ws.compare.title": {"en": "Compare", "es": "Comparar", "it": "Confronta"},
    "ws.coherence.title": {
        "en": "Coherence across units",
        "es": "Coherencia entre unidades",
        "it": "Coerenza tra le unità",
    },
    "ws.coherence.intro": {
        "en": "The units of one organization should share one frame: how far apart are they, who lags, and what would a common guide cover?",
        "es": "Las unidades de una misma organización deberían compartir un mismo marco: ¿cuánto se separan, cuáles se quedan atrás y qué debería recoger una guía común?",
        "it": "Le unità di una stessa organizzazione dovrebbero condividere un unico quadro: quanto distano tra loro, quali restano indietro e cosa dovrebbe coprire una guida comune?",
    },
    "ws.coherence.none": {
        "en": "No organization has results for two or more units yet.",
        "es": "Ninguna organización tiene todavía resultados de dos o más unidades.",
        "it": "Nessuna organizzazione ha ancora risultati per due o più unità.",
    },
    "ws.coherence.pick": {"en": "Organization", "es": "Organización", "it": "Organizzazione"},
    "ws.coherence.alt": {
        "en": "Each unit's score per dimension, {n} units; the widest spread is in {dim} ({range} points). The table below holds the figures.",
        "es": "Puntuación de cada unidad por dimensión, {n} unidades; la mayor dispersión está en {dim} ({range} puntos). La tabla de abajo recoge las cifras.",
        "it": "Punteggio di ogni unità per dimensione, {n} unità; lo scarto maggiore è in {dim} ({range} punti). La tabella qui sotto riporta i numeri.",
    },
    "ws.coherence.lagging": {
        "en": "Units lagging (more than 15 points below the median)",
        "es": "Unidades rezagadas (más de 15 puntos por debajo de la mediana)",
        "it": "Unità in ritardo (oltre 15 punti sotto la mediana)",
    },
    "ws.coherence.no_lag": {
        "en": "No unit lags more than 15 points behind the others.",
        "es": "Ninguna unidad está más de 15 puntos por detrás de las demás.",
        "it": "Nessuna unità è più di 15 punti indietro rispetto alle altre.",
    },
    "ws.coherence.shared": {
        "en": "Recommendations shared by most units",
        "es": "Recomendaciones comunes a la mayoría de unidades",
        "it": "Raccomandazioni comuni alla maggior parte delle unità",
    },
    "ws.coherence.shared_help": {
        "en": "In the plan of at least half of the units: candidates for one common guide rather than one fix per unit.",
        "es": "Aparecen en el plan de al menos la mitad de las unidades: candidatas a una guía común en lugar de una solución por unidad.",
        "it": "Compaiono nel piano di almeno metà delle unità: candidate a una guida comune invece che a una soluzione per unità.",
    },
    "ws.coherence.no_shared": {
        "en": "No recommendation is shared by half of the units.",
        "es": "Ninguna recomendación es común a la mitad de las unidades.",
        "it": "Nessuna raccomandazione è comune a metà delle unità.",
    },
    "ws.respondents.title": {
        "en": "Several respondents for one unit",
        "es": "Varias personas para una misma unidad",
        "it": "Più rispondenti per la stessa unità",
    },
    "ws.respondents.none": {
        "en": "No unit has answers from two or more respondents yet: issue links with a respondent's name.",
        "es": "Ninguna unidad tiene todavía respuestas de dos o más personas: genera enlaces indicando quién responde.",
        "it": "Nessuna unità ha ancora risposte da due o più persone: genera link indicando chi risponde.",
    },
    "ws.respondents.pick": {"en": "Unit", "es": "Unidad", "it": "Unità"},
    "ws.respondents.unnamed": {"en": "Respondent {n}", "es": "Persona {n}", "it": "Rispondente {n}"},
    "ws.respondents.combined": {"en": "Combined", "es": "Combinado", "it": "Combinato"},
    "ws.respondents.combined_overall": {
        "en": "Combined overall score",
        "es": "Puntuación global combinada",
        "it": "Punteggio complessivo combinato",
    },
    "ws.respondents.alt": {
        "en": "Radar of the combined result (the mean answer per question, rounded to a step) and of each of the {n} respondents; the table below holds the same numbers.",
        "es": "Radar del resultado combinado (la respuesta media de cada pregunta, redondeada a un nivel) y de cada una de las {n} personas; la tabla de abajo recoge las mismas cifras.",
        "it": "Radar del risultato combinato (la risposta media di ogni domanda, arrotondata a un livello) e di ciascuno dei {n} rispondenti; la tabella qui sotto riporta gli stessi numeri.",
    },
    "ws.respondents.disagree": {
        "en": "Where they disagree most",
        "es": "Dónde discrepan más",
        "it": "Dove sono più in disaccordo",
    },
    "ws.respondents.agree": {
        "en": "They answered every question alike.",
        "es": "Han respondido igual a todas las preguntas.",
        "it": "Hanno risposto allo stesso modo a tutte le domande.",
    },
    "ws.transfer.title": {"en": "Import and export", "es": "Importar y exportar", "it": "Importa ed esporta"},
    "ws.import.title": {
        "en": "Import a responses file",
        "es": "Importar un archivo de respuestas",
        "it": "Importa un file di risposte",
    },
    "ws.import.help": {
        "en": "The command line's wide CSV (`python -m assessment template`): organization, unit, organization_type, then one column per question. Each row is submitted as an assessment of that client and unit (created if new). Every problem is listed before anything is saved.",
        "es": "El CSV ancho de la línea de comandos (`python -m assessment template`): organization, unit, organization_type y una columna por pregunta. Cada fila se envía como evaluación de ese cliente y unidad (que se crean si no existen). Antes de guardar nada se listan todos los problemas.",
        "it": "Il CSV largo della riga di comando (`python -m assessment template`): organization, unit, organization_type e una colonna per domanda. Ogni riga viene inviata come valutazione di quel cliente e di quell'unità (creati se non esistono). Prima di salvare qualsiasi cosa vengono elencati tutti i problemi.",
    },
    "ws.import.default_type": {
        "en": "Type for new clients without organization_type",
        "es": "Tipo para clientes nuevos sin organization_type",
        "it": "Tipo per i nuovi clienti senza organization_type",
    },
    "ws.import.file": {"en": "Responses CSV", "es": "CSV de respuestas", "it": "CSV di risposte"},
    "ws.import.too_big": {
        "en": "The file is larger than {mb} MB; split it.",
        "es": "El archivo supera los {mb} MB; divídelo.",
        "it": "Il file supera i {mb} MB; dividilo.",
    },
    "ws.import.problems": {
        "en": "{n} problem(s) in the file; nothing was saved. Fix them and upload it again:",
        "es": "{n} problema(s) en el archivo; no se ha guardado nada. Corrígelos y vuelve a subirlo:",
        "it": "{n} problema/i nel file; non è stato salvato nulla. Correggili e caricalo di nuovo:",
    },
    "ws.import.ready": {
        "en": "{n} row(s) ready, no problems found.",
        "es": "{n} fila(s) listas, sin problemas.",
        "it": "{n} riga/righe pronte, nessun problema.",
    },
    "ws.import.encoding": {
        "en": "The file was read as {encoding} (it is not UTF-8).",
        "es": "El archivo se ha leído como {encoding} (no está en UTF-8).",
        "it": "Il file è stato letto come {encoding} (non è in UTF-8).",
    },
    "ws.import.button": {"en": "Import them", "es": "Importarlas", "it": "Importale"},
    "ws.import.failed": {
        "en": "The import failed and nothing was saved.",
        "es": "La importación ha fallado y no se ha guardado nada.",
        "it": "L'importazione non è riuscita e non è stato salvato nulla.",
    },
    "ws.import.done": {
        "en": "Imported: {created} new assessment(s), {updated} completed, {clients} new client(s), {units} new unit(s).",
        "es": "Importado: {created} evaluación(es) nueva(s), {updated} completada(s), {clients} cliente(s) nuevo(s), {units} unidad(es) nueva(s).",
        "it": "Importato: {created} nuova/e valutazione/i, {updated} completata/e, {clients} nuovo/i cliente/i, {units} nuova/e unità.",
    },
    "ws.export.title": {"en": "Downloads", "es": "Descargas", "it": "Download"},
    "ws.export.scores": {
        "en": "Portfolio scores (CSV)",
        "es": "Puntuaciones de la cartera (CSV)",
        "it": "Punteggi del portafoglio (CSV)",
    },
    "ws.export.recs": {
        "en": "Every client's recommendations (CSV)",
        "es": "Recomendaciones de todos los clientes (CSV)",
        "it": "Raccomandazioni di tutti i clienti (CSV)",
    },
    "ws.export.one": {
        "en": "One client's plan",
        "es": "Plan de un cliente",
        "it": "Piano di un cliente",
    },
    "ws.export.plan": {
        "en": "Download this plan (CSV)",
        "es": "Descargar este plan (CSV)",
        "it": "Scarica questo piano (CSV)",
    },
    "report.title": {
        "en": "Social-media maturity report",
        "es": "Informe de madurez en redes sociales",
        "it": "Rapporto sulla maturità sui social media",
    },
    "report.date": {"en": "Date", "es": "Fecha", "it": "Data"},
    "report.bank": {"en": "Question bank", "es": "Banco de preguntas", "it": "Banca delle domande"},
    "report.months": {
        "en": "January,February,March,April,May,June,July,August,September,October,November,December",
        "es": "enero,febrero,marzo,abril,mayo,junio,julio,agosto,septiembre,octubre,noviembre,diciembre",
        "it": "gennaio,febbraio,marzo,aprile,maggio,giugno,luglio,agosto,settembre,ottobre,novembre,dicembre",
    },
    "report.date_format": {
        "en": "{day} {month} {year}",
        "es": "{day} de {month} de {year}",
        "it": "{day} {month} {year}",
    },
    "report.col_answered": {"en": "Answered", "es": "Respondidas", "it": "Con risposta"},
    "report.dimension_n": {
        "en": "Dimension {n} of {total}",
        "es": "Dimensión {n} de {total}",
        "it": "Dimensione {n} di {total}",
    },
    "report.answers_say": {
        "en": "What the answers say",
        "es": "Lo que dicen las respuestas",
        "it": "Che cosa dicono le risposte",
    },
    "report.answered": {
        "en": "{answered} of {applicable} applicable questions answered ({pct}%).",
        "es": "{answered} de {applicable} preguntas aplicables respondidas ({pct} %).",
        "it": "{answered} domande su {applicable} applicabili con risposta ({pct}%).",
    },
    "report.unanswered": {
        "en": "{n} still unanswered.",
        "es": "{n} siguen sin respuesta.",
        "it": "{n} ancora senza risposta.",
    },
    "report.dk_list": {
        "en": "{n} answered “don't know”, which counts as the lowest step — finding out is the first task:",
        "es": "{n} con «No lo sé», que cuenta como el paso más bajo; averiguarlo es la primera tarea:",
        "it": "{n} con «Non lo so», che conta come il gradino più basso: scoprirlo è il primo compito:",
    },
    "report.lowest": {
        "en": "The lowest answers",
        "es": "Las respuestas más bajas",
        "it": "Le risposte più basse",
    },
    "report.your_answer": {
        "en": "Your answer ({step}/4): {text}",
        "es": "Tu respuesta ({step}/4): {text}",
        "it": "La tua risposta ({step}/4): {text}",
    },
    "report.all_top": {
        "en": "Every answer here is at the top step.",
        "es": "Todas las respuestas de esta dimensión están en el paso más alto.",
        "it": "Tutte le risposte di questa dimensione sono al gradino più alto.",
    },
    "report.what_to_do": {"en": "What to do", "es": "Qué hacer", "it": "Cosa fare"},
    "report.rank": {"en": "#{rank} in the plan", "es": "N.º {rank} del plan", "it": "N. {rank} del piano"},
    "report.effort_impact": {
        "en": "Effort: {effort} · Impact: {impact} of 3",
        "es": "Esfuerzo: {effort} · Impacto: {impact} de 3",
        "it": "Sforzo: {effort} · Impatto: {impact} su 3",
    },
    "report.roadmap": {"en": "The roadmap", "es": "La hoja de ruta", "it": "La tabella di marcia"},
    "report.depends_on": {"en": "Depends on", "es": "Depende de", "it": "Dipende da"},
    "report.phase_empty": {
        "en": "Nothing in this phase.",
        "es": "Nada en esta fase.",
        "it": "Niente in questa fase.",
    },
    "report.not_assessed_note": {
        "en": "Not assessed yet, so not in the plan: {dims}. Answer at least half of their questions to complete it.",
        "es": "Todavía sin evaluar y, por tanto, fuera del plan: {dims}. Responde al menos la mitad de sus preguntas para completarlo.",
        "it": "Non ancora valutate, e quindi fuori dal piano: {dims}. Rispondi ad almeno metà delle loro domande per completarlo.",
    },
    "report.page": {
        "en": "Page {page} of {pages}",
        "es": "Página {page} de {pages}",
        "it": "Pagina {page} di {pages}",
    },
    "report.download": {
        "en": "Download the report (PDF)",
        "es": "Descargar el informe (PDF)",
        "it": "Scarica il rapporto (PDF)",
    },
    "report.unavailable": {
        "en": "The PDF report is not available on this server: it needs Chromium (Debian's chromium package).",
        "es": "El informe en PDF no está disponible en este servidor: necesita Chromium (el paquete chromium de Debian).",
        "it": "Il rapporto in PDF non è disponibile su questo server: serve Chromium (il pacchetto chromium di Debian).",
    },
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
