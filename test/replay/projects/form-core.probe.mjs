// The @tanstack/form-core probe: forms and fields built from fixed options, driven the way a
// UI drives them (change, blur, array edits, validation, submit, reset), and the helpers
// they export. `setup` makes one form with fields at start — the app's form, kept across
// edits — which the instance cases drive and then put back as they found it.

const values = () => ({ name: 'ann', age: 30, tags: ['a', 'b'], address: { city: 'x', zip: '01' } });

function makeForm(L, options = {}) {
  const form = new L.FormApi({ defaultValues: values(), ...options });
  form.mount();
  return form;
}

function makeField(L, form, name, options = {}) {
  const field = new L.FieldApi({ form, name, ...options });
  field.mount();
  return field;
}

const young = ({ value }) => (value < 18 ? `too young: ${value}` : undefined);

const schema = {
  '~standard': {
    version: 1,
    vendor: 'replay',
    validate: (v) => (v && v.age < 18 ? { issues: [{ message: 'schema: young', path: ['age'] }] } : { value: v }),
  },
};

export const cases = {
  'form state': (L) => makeForm(L).state,
  'form options echoed': (L) => makeForm(L, { asyncDebounceMs: 5 }).options,
  'set and get': (L) => {
    const form = makeForm(L);
    form.setFieldValue('address.city', 'y');
    form.setFieldValue('tags[1]', 'B');
    form.setFieldValue('nested.deep[2].x', 1);
    return { city: form.getFieldValue('address.city'), values: form.state.values, meta: form.getFieldMeta('address.city') ?? null, dirty: form.state.isDirty, touched: form.state.isTouched };
  },
  'array ops': (L) => {
    const form = makeForm(L);
    const log = [];
    const step = (what, fn) => { try { fn(); log.push([what, [...form.getFieldValue('tags')]]); } catch (e) { log.push([what, `threw ${e.message}`]); } };
    step('push', () => form.pushFieldValue('tags', 'c'));
    step('insert', () => form.insertFieldValue('tags', 0, 'z'));
    step('remove', () => form.removeFieldValue('tags', 1));
    step('swap', () => form.swapFieldValues('tags', 0, 2));
    step('move', () => form.moveFieldValues('tags', 0, 1));
    step('replace', () => form.replaceFieldValue('tags', 0, 'r'));
    step('clear', () => form.clearFieldValues('tags'));
    return log;
  },
  'field change and blur': (L) => {
    const form = makeForm(L);
    const age = makeField(L, form, 'age', { validators: { onChange: young, onBlur: ({ value }) => (value === 17 ? 'blur: 17' : undefined) } });
    age.handleChange(17);
    age.handleBlur();
    return { meta: age.state.meta, value: age.state.value, form: { errors: form.state.errors, canSubmit: form.state.canSubmit, isValid: form.state.isValid, isFieldsValid: form.state.isFieldsValid } };
  },
  'field array methods': (L) => {
    const form = makeForm(L);
    const tags = makeField(L, form, 'tags');
    tags.pushValue('c'); tags.insertValue(1, 'i'); tags.removeValue(0); tags.swapValues(0, 1); tags.moveValue(2, 0); tags.replaceValue(0, 'r');
    return { value: tags.state.value, meta: tags.getMeta() };
  },
  'form-level validator': (L) => {
    const form = makeForm(L, {
      validators: {
        onChange: ({ value }) => (value.age < 18 ? { form: 'form: young', fields: { age: 'field: young' } } : undefined),
      },
    });
    const age = makeField(L, form, 'age');
    age.handleChange(10);
    return { formErrors: form.state.errors, errorMap: form.state.errorMap, ageMeta: age.state.meta, all: form.getAllErrors?.() ?? null };
  },
  'linked fields': (L) => {
    const form = makeForm(L);
    makeField(L, form, 'name');
    const age = makeField(L, form, 'age', { validators: { onChangeListenTo: ['name'], onChange: ({ value, fieldApi }) => (fieldApi.form.getFieldValue('name') === 'bob' && value > 20 ? 'bob is young' : undefined) } });
    form.getFieldInfo('name').instance.handleChange('bob');
    return age.state.meta.errors;
  },
  'standard schema': (L) => {
    const form = makeForm(L, { validators: { onChange: schema } });
    const age = makeField(L, form, 'age');
    age.handleChange(5);
    return { form: form.state.errors, field: age.state.meta.errors, errorMap: age.state.meta.errorMap };
  },
  'submit': async (L) => {
    const submitted = [];
    const form = makeForm(L, { onSubmit: ({ value }) => { submitted.push(value); } });
    makeField(L, form, 'age', { validators: { onSubmit: young } });
    await form.handleSubmit();
    const first = { submitted: submitted.length, attempts: form.state.submissionAttempts, ok: form.state.isSubmitSuccessful };
    form.setFieldValue('age', 3);
    await form.handleSubmit();
    return { first, submitted, attempts: form.state.submissionAttempts, isSubmitted: form.state.isSubmitted, ok: form.state.isSubmitSuccessful, errors: form.getFieldMeta('age')?.errors };
  },
  'async validator': async (L) => {
    const form = makeForm(L);
    const age = makeField(L, form, 'age', { asyncDebounceMs: 0, validators: { onChangeAsync: async ({ value }) => (value > 100 ? 'async: old' : undefined) } });
    age.handleChange(120);
    await form.validateAllFields('change');
    await new Promise((r) => setTimeout(r, 0));
    return { meta: age.state.meta, isValidating: form.state.isValidating };
  },
  'reset': (L) => {
    const form = makeForm(L);
    form.setFieldValue('name', 'bob');
    form.reset();
    const a = form.state.values;
    form.reset({ ...values(), name: 'carl' });
    return { a, b: form.state.values, defaults: form.options.defaultValues };
  },
  'delete and reset field': (L) => {
    const form = makeForm(L);
    makeField(L, form, 'name');
    form.setFieldValue('name', 'z');
    form.resetField?.('name');
    const afterReset = form.getFieldValue('name');
    form.deleteField('address.zip');
    return { afterReset, values: form.state.values, metaKeys: Object.keys(form.state.fieldMeta) };
  },
  'update options': (L) => {
    const form = makeForm(L);
    form.update({ defaultValues: { ...values(), age: 40 } });
    return form.state.values;
  },
  'utils paths': (L) => [
    L.makePathArray('a.b[0].c'), L.makePathArray('a[1][2]'), L.makePathArray('0.x'), L.makePathArray(['a', 1]),
    L.getBy({ a: [{ b: 1 }] }, 'a[0].b'), L.getBy({ a: 1 }, 'x.y'),
    L.setBy({ a: [1] }, 'a[2].b', 'v'), L.setBy({}, 'x', (old) => [old ?? null]),
    L.deleteBy({ a: { b: 1, c: 2 }, d: [1, 2] }, 'a.b'), L.deleteBy({ d: [1, 2, 3] }, 'd[1]'),
  ],
  'utils misc': (L) => ({
    update: [L.functionalUpdate((x) => x + 1, 1), L.functionalUpdate(5, 1)],
    nonEmpty: [L.isNonEmptyArray([]), L.isNonEmptyArray([1]), L.isNonEmptyArray('a')],
    concat: L.concatenatePaths?.('a', '[0]') ?? null,
    fieldMap: L.createFieldMap?.({ a: 1, b: 2 }) ?? null,
    merged: L.mergeOpts?.({ a: 1, b: 2 }, { b: 3 }) ?? null,
    global: [L.isGlobalFormValidationError({ fields: {} }), L.isGlobalFormValidationError('x')],
    shallow: [L.shallow?.({ a: 1 }, { a: 1 }) ?? null, L.evaluate?.({ a: 1 }, { a: 1 }) ?? null],
    isSchema: L.isStandardSchemaValidator(schema),
    validators: L.getSyncValidatorArray('change', { validators: { onChange: young, onBlur: young } }).map((v) => v.cause),
    asyncValidators: L.getAsyncValidatorArray('submit', { validators: { onSubmitAsync: young }, asyncDebounceMs: 3 }).map((v) => [v.cause, v.debounceMs]),
  }),
  'mergeForm and options': (L) => {
    const form = makeForm(L);
    const merged = L.mergeForm(form, { values: { age: 99, extra: [1] } });
    return { same: merged === form, values: form.state.values, options: L.formOptions({ defaultValues: { a: 1 } }) };
  },
  'standardSchemaValidators': (L) => L.standardSchemaValidators.validate({ value: { age: 3 }, validationSource: 'form' }, schema),
  'field group': (L) => {
    const form = makeForm(L);
    const group = new L.FieldGroupApi({ form, fields: 'address', defaultValues: { city: '', zip: '' } });
    group.mount();
    group.setFieldValue('city', 'q');
    return { values: group.state.values, formValues: form.state.values };
  },
};

/** The app's form, made once at start by the first version's classes. */
export function setup(L) {
  const form = makeForm(L, { validators: { onChange: ({ value }) => (value.age < 0 ? 'negative age' : undefined) } });
  const age = makeField(L, form, 'age', { validators: { onChange: ({ value }) => (value > 150 ? 'too old' : undefined) } });
  const tags = makeField(L, form, 'tags');
  return { form, age, tags };
}

export const instanceCases = {
  'old field change': (I) => {
    I.age.handleChange(200);
    const r = { meta: I.age.state.meta, form: I.form.state.errors, canSubmit: I.form.state.canSubmit };
    I.age.handleChange(30);
    return { ...r, after: I.age.state.meta.errors };
  },
  'old form negative': (I) => {
    I.form.setFieldValue('age', -1);
    const r = { errors: I.form.state.errors, errorMap: I.form.state.errorMap };
    I.form.setFieldValue('age', 30);
    return r;
  },
  'old array field': (I) => {
    I.tags.pushValue('c');
    const r = I.tags.state.value;
    I.tags.removeValue(2);
    return { during: r, after: I.tags.state.value };
  },
  'old form values': (I) => I.form.state.values,
  'old form clear': (I) => {
    I.form.clearFieldValues?.('tags');
    const r = I.form.getFieldValue('tags');
    I.form.setFieldValue('tags', ['a', 'b']);
    return r;
  },
};
